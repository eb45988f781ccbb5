# sluice: parse
x: int = 1
y: list[int]
z: dict[str, "Column"] = {}
self.a: int = 0
(w): int
