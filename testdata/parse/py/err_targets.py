# sluice: parse
f() = 1
1 = x
a + b = 2
(a, f()) = t
[x, *y, "s"] = z
a, b += 1
f() += 1
a, b: int = 1, 2
del f()
del *a
for f() in x: pass
with open(p) as 1: pass
y = [1 for f() in x]
if (a.b := 1): pass
f(a=1, b)
f(**k, c)
f(**k, *a)
f(a=1, *b)
x = y = f() = 3
ok = [a, b] = c
