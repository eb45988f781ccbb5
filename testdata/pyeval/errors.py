# sluice: compile -o /dev/null
import dlt
from pyspark.sql import functions as F

x = dlt.read("a")

@dlt.table
def a():
    return spark.range(3)

@dlt.table
def side():
    df = dlt.read("a")
    print(df.count())
    return df

@dlt.table
def not_df():
    return "SELECT 1"

@dlt.table
def conf_missing():
    return dlt.read("a").where(F.col("id") > int(spark.conf.get("min.id")))

@dlt.table
def bad_sql():
    return dlt.read("a").selectExpr("id +* 2")
