# sluice: compile --explain
import dlt
import pandas as pd
from pyspark.sql.functions import udf, col

@udf("string")
def parse_ua(s):
    return s.lower()

@dlt.table
def raw():
    return spark.range(5)

@dlt.table
def enriched():
    return dlt.read("raw").withColumn("ua", parse_ua(col("id")))

@dlt.table
def pdf():
    p = pd.read_csv("/tmp/x.csv")
    return spark.createDataFrame(p)
