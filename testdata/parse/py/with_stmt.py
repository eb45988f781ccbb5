# sluice: parse
with open(p) as f:
    data = f.read()
with a as x, b as y, c:
    pass
with (open(a) as f, open(b) as g):
    pass
with (a, b,):
    pass
with (a):
    pass
with (a, b) as (c, d):
    pass
with lock:
    pass
