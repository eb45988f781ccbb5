# sluice: parse
match = 1
match(x)
match.group(1)
match command.split():
    case [a]:
        pass
after = 1
