# sluice: parse
from typing import Dict, List, Optional
def f(a: int, b: Optional[str] = None, *args: int, c: "Column" = None, **kw: Dict[str, int]) -> List[int]:
    x: int = 1
    y: Dict[str, List[int]] = {}
    return [x]
def g() -> None: pass
def h(cb: Callable[[int, str], bool]) -> tuple[int, ...]: pass
CONST: Final = 3
