# sluice: parse
a = x < y
b = x < y <= z
c = a == b != c > d >= e
d = x in y
e = x not in y
f = x is None
g = x is not None
h = (a < b) < c
i = a < b and b < c
