# sluice: parse
a = 'single'
b = "double"
c = """triple
double"""
d = '''triple single'''
e = r'raw\n\d'
f = R"RAW\t"
g = b'bytes\x00\xff'
h = rb'\d' + Rb"\d" + BR'\d' + bR"\d"
i = u'unicode' + U"UNICODE"
j = 'esc: \t \n \\ \' \" \a \x41 \101 \u00e9 \U0001F600 \q \N{EM DASH}'
k = "line \
continued"
l = ""
m = 'it\'s'
n = "caf\u00e9 ü"
