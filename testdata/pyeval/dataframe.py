# sluice: compile --explain
# DataFrame semantics (dlt-language.md 3.6, cases 57-60): withColumn replaces in place,
# union pairs by position and unionByName by name, join on a name keeps one key column,
# groupBy().count() is named count.
import dlt
from pyspark.sql import functions as F

@dlt.view
def abc():
    return spark.createDataFrame([(1, 2, 3)], "a INT, b INT, c INT")

@dlt.view
def yx():
    return spark.createDataFrame([("y1", "x1")], "y STRING, x STRING")

@dlt.view
def xy():
    return spark.createDataFrame([("x2", "y2")], "x STRING, y STRING")

@dlt.table
def with_column_in_place():
    return dlt.read("abc").withColumn("b", F.col("b") * 2)

@dlt.table
def by_position():
    return dlt.read("xy").union(dlt.read("yx"))

@dlt.table
def by_name():
    return dlt.read("xy").unionByName(dlt.read("yx"))

@dlt.table
def join_using():
    k1 = dlt.read("abc").select(F.col("a").alias("k"), "b")
    k2 = dlt.read("abc").select(F.col("a").alias("k"), "c")
    return k1.join(k2, "k")

@dlt.table
def counted():
    return dlt.read("abc").groupBy("a").count()

@dlt.table
def renamed_and_dropped():
    return (dlt.read("abc").withColumnRenamed("a", "alpha").withColumnRenamed("zzz", "ignored")
            .drop("c", "not_there").filter("alpha > 0").orderBy(F.desc("b")).limit(5))

@dlt.table
def join_on_columns():
    left = dlt.read("abc")
    right = dlt.read("abc").withColumn("b", F.col("b") + 10)
    return left.join(right, left.a == right.a, "left").select(left.a, left["b"], right.b.alias("rb"))
