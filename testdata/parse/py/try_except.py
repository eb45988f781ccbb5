# sluice: parse
try:
    v = spark.conf.get("k")
except Exception:
    v = "default"
try:
    pass
except (KeyError, ValueError) as e:
    raise RuntimeError("bad") from e
except:
    raise
else:
    ok = True
finally:
    cleanup()
try:
    pass
finally:
    pass
try:
    pass
except* TypeError as eg:
    pass
