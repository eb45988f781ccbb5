# sluice: parse
async def main():
    async with session() as s:
        pass
    async for row in stream:
        pass
@decorator
async def decorated():
    pass
class K:
    async def m(self):
        pass
