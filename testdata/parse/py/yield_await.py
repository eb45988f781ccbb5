# sluice: parse
def gen():
    yield
    yield 1
    yield 1, 2
    x = yield
    y = yield from other()
    z = (yield)
    await_ = 1
async def co():
    await x
    r = await f(1)
    return [await y for y in ys]
