# sluice: parse
a = 1 + 2 * 3
b = (1 + 2) * 3
c = 2 ** 3 ** 2
d = -2 ** 2
e = a @ b @ c
f = a // b % c / d
g = a << 1 >> 2
h = a | b ^ c & d
i = (F.col("a") > 1) & (F.col("b") < 2) | ~F.col("c")
j = a - b - c
