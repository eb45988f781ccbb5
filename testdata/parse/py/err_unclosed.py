# sluice: parse
a = 1
b = foo(1,
        2
