# sluice: parse
def f():
    x = 1
  y = 2
z = 1
    w = 2
def g():
return 1
ok = True
