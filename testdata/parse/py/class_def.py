# sluice: parse
class A:
    pass
class B(A):
    x = 1
    def m(self):
        return self.x
class C(A, B, metaclass=Meta, **opts):
    """Doc."""
@dataclass(frozen=True)
class D:
    a: int
    b: str = "x"
class E():
    pass
