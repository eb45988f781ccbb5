# sluice: parse
import dlt
from pyspark.sql import functions as F
REGIONS = ["emea", "apac"]

for r in REGIONS:
    @dlt.table(name=f"orders_{r}")
    def _t():
        return dlt.read("orders").where(f"region = '{r}'")

for r in REGIONS:
    @dlt.table(name=f"sales_{r}")
    def _s(region=r):
        return dlt.read("sales").where(f"region = '{region}'")

def make_gold(metric):
    @dlt.materialized_view(name=f"gold_{metric}")
    def _g():
        return dlt.read("silver").groupBy("day").agg(F.sum(metric).alias(metric))

for m in ["revenue", "units"]:
    make_gold(m)

dlt.create_streaming_table("target", comment="cdc target")
dlt.apply_changes(
    target="target",
    source="changes",
    keys=["id"],
    sequence_by=F.col("ts"),
    apply_as_deletes=F.expr("op = 'D'"),
    except_column_list=["op", "ts"],
    stored_as_scd_type=2,
)

@dlt.append_flow(target="target")
def backfill():
    return spark.readStream.table("old_changes")

@dlt.table
@dlt.expect_all_or_drop({"valid_id": "id IS NOT NULL", "valid_ts": "ts > '2020-01-01'"})
def checked():
    return dlt.read("raw").select("*")
