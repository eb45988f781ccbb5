import dlt

@dlt.view
def x():
    return spark.range(3)
