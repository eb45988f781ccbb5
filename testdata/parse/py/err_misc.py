# sluice: parse
x = "a" b"b"
y = 0123
z = "\xZ"
w = "\u12"
v = b"é"
if True
    pass
print "hello"
x = def
for x in y
    pass
while
