# sluice: parse
a = x and y
b = x and y and z
c = x or y or z
d = x or y and z
e = not x
f = not not x
g = (x or y) and z
h = not x == y
i = -x
j = +x
k = ~x
l = - - x
