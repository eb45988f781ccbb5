# sluice: parse
a = 1
b = """never
closed
c = 2
