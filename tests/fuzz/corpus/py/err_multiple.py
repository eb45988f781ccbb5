import dlt
x = = 1
def ok():
    return 1
def bad(:
    pass
y = foo(
  a b
)
z = 3
class C:
    def m(self)
        pass
last = [1, 2
