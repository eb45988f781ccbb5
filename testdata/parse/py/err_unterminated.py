# sluice: parse
a = "abc
b = 'x' + 'ok'
c = 1
