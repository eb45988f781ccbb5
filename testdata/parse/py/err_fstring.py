# sluice: parse
a = f"{}"
b = f"{x!z}"
c = f"}"
d = f"{x"
e = f"{a + }"
f = f"{x#}"
g = bf"x"
ok = f"{fine}"
