# sluice: parse
def a(x=1, y): pass
def b(*, **kw): pass
def c(*a, *b): pass
def d(**kw, x): pass
def e(/, x): pass
f = lambda x=1, y: 0
