# sluice: parse
# a comment line

x = 1  # trailing comment


def f():
    # comment inside
    a = 1

    b = 2   # blank line above stays inside the block
        # over-indented comment is ignored
    return a + \
        b
y = (1 +
     2
  + 3)
z = [
    1,
    2,
]
if x:
	t = 1
	if t:
		u = 2
w = {
  "k": 1,  # comment in braces
}
