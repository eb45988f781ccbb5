# sluice: parse
raise
raise ValueError
raise ValueError("x") from None
assert x
assert x > 0, "x must be positive"
del a
del a, b[0], c.d
del (a, b)
def f():
    global g1, g2
    nonlocal n
