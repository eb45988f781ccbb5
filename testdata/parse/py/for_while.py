# sluice: parse
for i in range(10):
    total += i
else:
    done = True
for k, v in d.items():
    pass
for i, (j, k) in enumerate(pairs):
    pass
for x in *a, b:
    pass
while n > 0:
    n -= 1
else:
    pass
while True:
    break
