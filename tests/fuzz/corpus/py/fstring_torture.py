a = f'{"#"}' + f'{d["#"]}' + f"{'''x'''}" + f"{'''eric's'''}" + f'{"x" """eric"s""" "y"}'
b = f'{"{"}' + f'{"}"}' + f'{3:{"}"}>10}' + f'{2:{"{"}>10}' + f"{x=!r:^{w}.{p}}" + f"\N{BULLET}{y}"
c = f"{d["k"]}" + rf"\d{x}{{}}" + f"""{
    x
    + 1}"""
with (open(a) as f, open(b) as g):
    match = re.match(r"x", s)
