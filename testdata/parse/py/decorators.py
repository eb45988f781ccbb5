# sluice: parse
@dlt.table
def a(): pass

@dlt.table()
def b(): pass

@dlt.table(name="c_table", comment="x")
@dlt.expect_or_drop("valid", "id IS NOT NULL")
def c(): pass

@decorators[0].attr(1)
@(lambda f: f)
@x if y else z
def d(): pass
