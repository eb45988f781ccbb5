# sluice: parse
def f():
    return
def g():
    return 1, 2
def h():
    return *a, b
for i in x:
    if i:
        break
    else:
        continue
pass; pass;
x = 1; y = 2
