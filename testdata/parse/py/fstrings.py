# sluice: parse
a = f"plain"
b = f"{x}"
c = f"a {x} b {y!r} c {z!s:>10} d {w!a}"
d = f"{{literal}} {x}"
e = f"{x:{width}.{prec}}"
f = f"{x=}"
g = f"{x = !s}"
h = f"{x=:>5}"
i = f'{d["k"]}'
j = f"{'a' if b else 'c'}"
k = rf"\d{x}" + fR"{y}\n" + Fr'{z}'
l = f"""multi
{line}
"""
m = f"{f'{nested}'}"
n = f"{a + b * 2:.2f}"
o = f"{x}" f"{y}"
p = f"orders_{r}"
q = f"""{
    x
    + 1}"""
r = f"{d["k"]}" + f'{x + 'y'}'
s = f"{x:'>10}" + f"\N{BULLET} {y}"
t = f"{'{'}" + f"{ {'a': 1}['a'] }"
u = f'{"#"}' + f'{d["#"]}'
v = f"{'''x'''}" + f"{'''eric's'''}" + f'{"x" """eric"s""" "y"}'
w = f'{"{"}' + f'{"}"}' + f'{3:{"}"}>10}' + f'{2:{"{"}>10}'
x = f"a {b=} c {d = !s:>3}"
