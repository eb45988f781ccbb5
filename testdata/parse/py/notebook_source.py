# Databricks notebook source
# MAGIC %md
# MAGIC ## Bronze layer

# COMMAND ----------

import dlt
SRC = "/data/orders"

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT 1

# COMMAND ----------

# DBTITLE 1,Orders
@dlt.table(comment="orders")
def orders():
    return spark.read.json(SRC)

# COMMAND ----------

def broken(:
    pass
