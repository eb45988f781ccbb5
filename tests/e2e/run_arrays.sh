#!/usr/bin/env bash
# Arrays and maps through whole pipelines: SQL and Python datasets that build arrays
# (split, array, collect_list, map), store them in Delta tables, read them back, explode
# them (LATERAL VIEW, posexplode_outer) in a downstream table and in a streaming table.
. "$(dirname "$0")/lib.sh"
P=$WORK/p; S=$WORK/store; mkdir -p "$P" "$WORK/in"
printf '{"id":1,"tags":"a,b"}\n{"id":2,"tags":null}\n{"id":3,"tags":""}\n' > "$WORK/in/a.json"
cat > "$P/p.sql" <<SQL
CREATE MATERIALIZED VIEW arrs AS
SELECT id, split(s, ',') AS parts, map('k', id) AS m, collect_list(id) OVER (ORDER BY id) AS run
FROM VALUES (1, 'a,b'), (2, NULL), (3, ''), (4, 'x,,y') AS t(id, s);
CREATE MATERIALIZED VIEW flat AS SELECT id, p FROM arrs LATERAL VIEW OUTER explode(parts) v AS p;
CREATE MATERIALIZED VIEW agg AS
SELECT size(collect_list(p)) AS n, sort_array(collect_set(p)) AS s FROM flat;
CREATE OR REFRESH STREAMING TABLE tags AS
SELECT id, tag FROM STREAM read_files('$WORK/in', format => 'json')
LATERAL VIEW explode(split(tags, ',')) v AS tag;
SQL
cat > "$P/p.py" <<'PY'
import dlt
from pyspark.sql import functions as F

@dlt.table
def py_parts():
    return (dlt.read("arrs")
            .withColumn("n", F.size("parts"))
            .withColumn("has_a", F.array_contains("parts", "a"))
            .select("id", "n", "has_a", F.posexplode_outer("parts")))
PY
"$SLUICE" run "$P" --storage "$S" >"$WORK/out" 2>&1; rc=$?
check arrays.status 0 "$rc"
[ "$rc" = 0 ] || sed 's/^/  /' "$WORK/out" | head -10
check arrays.stored "$(printf '%s\n' '1,"[a, b]",{k -> 1},[1]' '2,,{k -> 2},"[1, 2]"' \
    '3,[],{k -> 3},"[1, 2, 3]"' '4,"[x, , y]",{k -> 4},"[1, 2, 3, 4]"')" \
    "$(q "$S" 'SELECT * FROM arrs ORDER BY id')"
check arrays.stored_json '{"id":3,"parts":[""],"m":{"k":3},"run":[1,2,3]}' \
    "$("$SLUICE" query --storage "$S" --format json 'SELECT * FROM arrs WHERE id = 3' 2>&1)"
check arrays.lateral_view_outer '1:a 1:b 2: 3: 4: 4:x 4:y' \
    "$(q "$S" "SELECT id || ':' || coalesce(p, '') FROM flat ORDER BY id, p" | paste -sd' ')"
check arrays.collect '6,"[, a, b, x, y]"' "$(q "$S" 'SELECT * FROM agg')"
check arrays.streaming_explode '1:a 1:b 3:' \
    "$(q "$S" "SELECT id || ':' || tag FROM tags ORDER BY id, tag" | paste -sd' ')"
check arrays.python "1,2,true,0,a 1,2,true,1,b 2,-1,,, 3,1,false,0,\"\" 4,3,false,0,x \
4,3,false,1,\"\" 4,3,false,2,y" \
    "$(q "$S" 'SELECT * FROM py_parts ORDER BY id, pos' | paste -sd' ')"
printf '{"id":5,"tags":"c,d,e"}\n' > "$WORK/in/b.json"
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>&1
check arrays.streaming_increment '5:c 5:d 5:e' \
    "$(q "$S" "SELECT id || ':' || tag FROM tags WHERE id = 5 ORDER BY tag" | paste -sd' ')"

# Python functions as lambdas (F.transform / F.filter / F.exists / F.forall)
mkdir -p "$WORK/py"
cat > "$WORK/py/p.py" <<'PY'
import dlt
from pyspark.sql import functions as F

@dlt.table
def hof():
    df = spark.sql("SELECT * FROM VALUES (1, 'a b'), (2, NULL), (3, 'c') AS t(id, s)")
    return df.select(
        "id",
        F.transform(F.split("s", " "), lambda x: F.upper(x)).alias("up"),
        F.transform(F.split("s", " "),
                    lambda x, i: F.concat(x, F.lit(":"), i, F.col("id"))).alias("tagged"),
        F.filter(F.array(F.lit(1), F.lit(2), F.col("id")), lambda x: x > 1).alias("f"),
        F.exists(F.split("s", " "), lambda x: x == "b").alias("e"),
        F.flatten(F.transform(F.array(F.array(F.lit(1)), F.array(F.col("id"))),
                              lambda a: F.transform(a, lambda y: y * 10))).alias("nested"))
PY
"$SLUICE" run "$WORK/py" --storage "$WORK/pys" >"$WORK/out2" 2>&1; rc=$?
check arrays.python_lambdas_status 0 "$rc"
[ "$rc" = 0 ] || sed 's/^/  /' "$WORK/out2" | head -10
check arrays.python_lambdas "$(printf '%s\n' '1,"[A, B]","[a:01, b:11]",[2],true,"[10, 10]"' \
    '2,,,"[2, 2]",,"[10, 20]"' '3,[C],[c:03],"[2, 3]",false,"[10, 30]"')" \
    "$(q "$WORK/pys" 'SELECT * FROM hof ORDER BY id')"

# APPLY CHANGES keeps values as scalars: array columns are refused clearly, never dropped
mkdir -p "$WORK/cdc"
printf '{"id":1,"seq":1,"s":"a,b"}\n{"id":1,"seq":2,"s":"c"}\n' > "$WORK/cdc_in.json"
cat > "$WORK/cdc/p.sql" <<SQL
CREATE OR REFRESH STREAMING TABLE src_arr AS
SELECT id, seq, split(s, ',') AS parts
FROM STREAM read_files('$WORK/cdc_in.json', format => 'json');
CREATE OR REFRESH STREAMING TABLE tgt;
APPLY CHANGES INTO tgt FROM STREAM(src_arr) KEYS (id) SEQUENCE BY seq;
SQL
"$SLUICE" run "$WORK/cdc" --storage "$WORK/cdcs" >"$WORK/out3" 2>&1
check arrays.cdc_refused 1 \
    "$(grep -c "APPLY CHANGES with ARRAY or MAP columns ('parts') is not supported" "$WORK/out3")"
