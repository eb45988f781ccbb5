# sluice: parse
