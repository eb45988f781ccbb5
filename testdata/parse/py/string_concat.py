# sluice: parse
a = "a" "b" 'c'
b = ("multi"
     "line")
c = "a" f"{b}" "c"
d = f"{a}" "b" f"{c}"
e = b"x" b"y"
f = "" f""
