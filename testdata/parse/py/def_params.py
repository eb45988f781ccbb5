# sluice: parse
def f0(): pass
def f1(a, b): pass
def f2(a, b=1, *args, c, d=2, **kwargs): pass
def f3(a, /, b, *, c): pass
def f4(a=1, /, b=2, *, c=3): pass
def f5(*, key): pass
def f6(**kw,): pass
def f7(a: int, b: str = "x", *args: int, **kw: float) -> bool: pass
