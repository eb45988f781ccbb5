# sluice: parse
a = 1 $ 2
b = `x`
c = 3 ? 4
d = 5 ! 6
e = x \ y
f = 1
