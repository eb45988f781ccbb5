# sluice: parse
a = [x * 2 for x in xs]
b = [x for x in xs if x if x > 1]
c = [(x, y) for x in xs for y in ys if x != y]
d = {x for x in xs}
e = {k: v for k, v in d.items() if v}
f = (x for x in xs)
g = sum(x for x in xs)
h = [y for x in xs if (y := f(x))]
i = [x async for x in ait]
j = [a if a else b for a in c]
