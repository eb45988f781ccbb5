# sluice: parse
f = lambda: 0
g = lambda x: x + 1
h = lambda x, y=1, *a, k, **kw: (x, y)
i = lambda *, k: k
j = lambda a, /, b: a
k = sorted(xs, key=lambda r: (r[1], -r[0]))
m = lambda: lambda: 1
