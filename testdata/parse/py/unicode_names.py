# sluice: parse
é = 1
naïve = "café"
Δ = é + naïve
日本 = "日本語"
def größe(ß): return ß
