# sluice: parse
# bad ÿ comment
x = 1  # bad Ã( trailing
y = "bad í € surrogate"
z = 2
