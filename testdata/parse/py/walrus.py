# sluice: parse
if (n := len(a)) > 10:
    pass
while chunk := read():
    pass
f(x := 1)
y = [z := 1, z + 1]
print(f"{(v := 3)}")
