# sluice: parse
a = 1
a = b = c = 2
x.y = 3
d["k"] = 4
a, b = 1, 2
[a, b] = (c, d) = pair
a, *rest = items
*init, last = items
a, = single
x.y, z[0] = *q, r = 1, 2
