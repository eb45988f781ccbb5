#!/usr/bin/env bash
# ARRAY and MAP columns in Parquet files and Delta tables: a pipeline stores them (NULL and
# empty arrays, NULL elements and map values), sluice query reads them back, and DuckDB
# (the reference, when installed) reads Sluice's files and writes LIST / MAP files that
# parquet.`f` and read_files(format => 'parquet') read.
. "$(dirname "$0")/lib.sh"
P=$WORK/p; S=$WORK/store; mkdir -p "$P" "$WORK/in"
for i in 0 1 2 3 4 5 6; do printf '{"id":%d}\n' "$i"; done > "$WORK/in/a.json"
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH MATERIALIZED VIEW nested AS
SELECT id,
  CASE WHEN id % 5 = 0 THEN NULL WHEN id % 5 = 1 THEN array_remove(array(id), id)
       ELSE array(id, NULL, id * 2) END AS a,
  array(CAST(id AS STRING), NULL) AS ss,
  CASE WHEN id % 4 = 3 THEN NULL ELSE map(CAST(id AS STRING), id, 'z', NULL) END AS m
FROM read_files('$WORK/in', format => 'json');
SQL
"$SLUICE" run "$P" --storage "$S" >"$WORK/out" 2>&1; rc=$?
check nested.run 0 "$rc"
[ "$rc" = 0 ] || cat "$WORK/out"
check nested.read_back "$(printf '%s\n' \
    '0,,"[0, null]","{0 -> 0, z -> null}"' \
    '1,[],"[1, null]","{1 -> 1, z -> null}"' \
    '2,"[2, null, 4]","[2, null]","{2 -> 2, z -> null}"' \
    '3,"[3, null, 6]","[3, null]",' \
    '4,"[4, null, 8]","[4, null]","{4 -> 4, z -> null}"' \
    '5,,"[5, null]","{5 -> 5, z -> null}"' \
    '6,[],"[6, null]","{6 -> 6, z -> null}"')" \
    "$(q "$S" 'SELECT id, a, ss, m FROM nested ORDER BY id')"
check nested.functions "true,-1,,0|false,0,,|false,3,4," \
    "$(q "$S" "SELECT a IS NULL, size(a), a[2], m['0'] FROM nested WHERE id < 3 ORDER BY id" |
        paste -sd'|')"
LOG=$S/tables/default/nested/_delta_log/00000000000000000000.json
A='{\\"name\\":\\"a\\",\\"type\\":{\\"type\\":\\"array\\",\\"elementType\\":\\"long\\",'
A=$A'\\"containsNull\\":true},\\"nullable\\":true'
check nested.schema_string 1 "$(grep -c "$A" "$LOG")"
M='\\"type\\":{\\"type\\":\\"map\\",\\"keyType\\":\\"string\\",\\"valueType\\":\\"long\\",'
M=$M'\\"valueContainsNull\\":true}'
check nested.schema_map 1 "$(grep -c "$M" "$LOG")"
check nested.stats_null_count 1 "$(cat "${LOG%/*}"/*.json |
    grep -c '\\"nullCount\\":{\\"id\\":0,\\"a\\":2,\\"ss\\":0,\\"m\\":1}')"

# collect_list results stored by a materialized view, read back by Sluice and DuckDB
printf '{"g":1,"x":2}\n{"g":1,"x":null}\n{"g":1,"x":3}\n{"g":2,"x":null}\n{"g":3,"x":7}\n' \
    > "$WORK/in/a.json"
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH MATERIALIZED VIEW m AS
SELECT g, sort_array(collect_list(x)) AS xs, collect_set(CAST(x AS STRING)) AS ss
FROM read_files('$WORK/in', format => 'json') GROUP BY g;
SQL
"$SLUICE" run "$P" --storage "$WORK/s3" >"$WORK/out" 2>&1; rc=$?
check nested.collect_list_run 0 "$rc"
check nested.collect_list_read_back "$(printf '%s\n' '1,"[2, 3]",2' '2,[],0' '3,[7],1')" \
    "$(q "$WORK/s3" 'SELECT g, xs, size(ss) FROM m ORDER BY g')"
m_files=$(delta_files "$WORK/s3/tables/default/m")

if ! duckdb_dir >/dev/null; then
    echo "SKIP nested.duckdb: DuckDB (@duckdb/node-api) is not installed"
    exit 0
fi
files=$(delta_files "$S/tables/default/nested")
check nested.duckdb_reads_sluice "$(printf '%s\n' \
    '0,,"[0, NULL]","{0=0, z=NULL}"' \
    '1,[],"[1, NULL]","{1=1, z=NULL}"' \
    '2,"[2, NULL, 4]","[2, NULL]","{2=2, z=NULL}"' \
    '3,"[3, NULL, 6]","[3, NULL]",' \
    '4,"[4, NULL, 8]","[4, NULL]","{4=4, z=NULL}"' \
    '5,,"[5, NULL]","{5=5, z=NULL}"' \
    '6,[],"[6, NULL]","{6=6, z=NULL}"')" \
    "$(dq "SELECT id, CAST(a AS VARCHAR), CAST(ss AS VARCHAR), CAST(m AS VARCHAR)
           FROM read_parquet($files) ORDER BY id")"
check nested.duckdb_types "BIGINT[],VARCHAR[],\"MAP(VARCHAR, BIGINT)\"" \
    "$(dq "DESCRIBE SELECT a, ss, m FROM read_parquet($files)" | cut -d, -f2- | cut -d, -f1-2 |
        sed 's/,YES$//;s/,YES,.*//' | paste -sd,)"

# DuckDB's LIST / MAP files, across several row groups and pages, read by Sluice
D=$WORK/d.parquet
dq "COPY (SELECT i AS id,
        CASE WHEN i % 7 = 3 THEN NULL ELSE list_transform(range(i % 5),
            j -> CASE WHEN (i + j) % 4 = 1 THEN NULL ELSE i * 10 + j END) END AS xs,
        CASE WHEN i % 3 = 0 THEN []::VARCHAR[] ELSE ['s' || i, NULL] END AS ss,
        CASE WHEN i % 6 = 5 THEN NULL ELSE MAP {'k' || i: i::INT, 'z': NULL} END AS m
      FROM range(5000) t(i)) TO '$D' (ROW_GROUP_SIZE 2048);
    SELECT 1" >/dev/null
SQ="SELECT count(*), count(xs), sum(CASE WHEN xs IS NOT NULL THEN size(xs) END), sum(xs[0]),
           count(ss), sum(size(ss)), count(m), sum(m['k' || id]), count(m['z'])"
want="$(dq "SELECT count(*), count(xs), sum(len(xs)), sum(xs[1]), count(ss), sum(len(ss)),
              count(m), sum(m['k' || id]), count(m['z']) FROM read_parquet('$D')")"
check nested.duckdb_file_aggregates "$want" \
    "$("$SLUICE" query --format csv "$SQ FROM parquet.\`$D\`" 2>&1 | tail -n +2)"
check nested.duckdb_file_read_files "$want" \
    "$("$SLUICE" query --format csv "$SQ FROM read_files('$D', format => 'parquet')" 2>&1 |
        tail -n +2)"
check nested.duckdb_file_rows "$(printf '%s\n' \
    '7,"[70, 71]","[s7, null]","{k7 -> 7, z -> null}"' \
    '9,"[null, 91, 92, 93]",[],"{k9 -> 9, z -> null}"' \
    '10,,"[s10, null]","{k10 -> 10, z -> null}"' \
    '11,[110],"[s11, null]",')" \
    "$("$SLUICE" query --format csv "SELECT id, xs, ss, m FROM parquet.\`$D\`
        WHERE id IN (7, 9, 10, 11) ORDER BY id" 2>&1 | tail -n +2)"

# DataPage V2 (levels outside the compressed values), zstd, string elements, integer keys
V2=$WORK/v2.parquet
dq "COPY (SELECT i AS id, CASE WHEN i % 7 = 3 THEN NULL ELSE list_transform(range(i % 5),
            j -> CASE WHEN (i + j) % 4 = 1 THEN NULL ELSE 'v' || (i * 10 + j) END) END AS xs,
        MAP {i: i * 2} AS m FROM range(3000) t(i)) TO '$V2' (PARQUET_VERSION V2, COMPRESSION zstd);
    SELECT 1" >/dev/null
check nested.duckdb_v2_pages \
    "$(dq "SELECT count(xs), sum(len(xs)), max(xs[2]), sum(m[id]) FROM read_parquet('$V2')")" \
    "$("$SLUICE" query --format csv "SELECT count(xs),
        sum(CASE WHEN xs IS NOT NULL THEN size(xs) END), max(xs[1]), sum(m[id])
        FROM parquet.\`$V2\`" 2>&1 | tail -n +2)"

# Through a pipeline and back to DuckDB: the same values
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH MATERIALIZED VIEW copied AS SELECT * FROM parquet.\`$D\`;
SQL
"$SLUICE" run "$P" --storage "$WORK/s2" >"$WORK/out" 2>&1; rc=$?
check nested.copy_run 0 "$rc"
files=$(delta_files "$WORK/s2/tables/default/copied")
check nested.copy_equal_in_duckdb 0 \
    "$(dq "SELECT count(*) FROM ((SELECT * FROM read_parquet('$D')
                                 EXCEPT ALL SELECT * FROM read_parquet($files))
                                UNION ALL (SELECT * FROM read_parquet($files)
                                 EXCEPT ALL SELECT * FROM read_parquet('$D')))")"
check nested.collect_list_duckdb "$(printf '%s\n' '1,"[2, 3]",2' '2,[],0' '3,[7],1')" \
    "$(dq "SELECT g, CAST(xs AS VARCHAR), len(ss) FROM read_parquet($m_files) ORDER BY g")"

# Arrays of arrays (LIST of LIST, NULL and empty at every level) both ways
DD=$WORK/deep.parquet
dq "COPY (SELECT i AS id, CASE WHEN i % 7 = 3 THEN NULL ELSE list_transform(range(i % 4),
            j -> CASE WHEN (i + j) % 5 = 1 THEN NULL ELSE list_transform(range(j),
                k -> CASE WHEN k = 1 THEN NULL ELSE i * 100 + j * 10 + k END) END) END AS aa,
        [[['s' || i]], NULL, [[], NULL]] AS aaa
      FROM range(3000) t(i)) TO '$DD' (ROW_GROUP_SIZE 1000);
    SELECT 1" >/dev/null
check nested.deep_read "$(printf '%s\n' '3,,"[[[s3]], null, [[], null]]"' \
    '6,"[null, [610]]","[[[s6]], null, [[], null]]"' \
    '7,"[[], [710], [720, null]]","[[[s7]], null, [[], null]]"')" \
    "$("$SLUICE" query --format csv "SELECT id, aa, aaa FROM parquet.\`$DD\` WHERE id IN (3, 6, 7)
        ORDER BY id" 2>&1 | tail -n +2)"
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH MATERIALIZED VIEW deep AS SELECT * FROM parquet.\`$DD\`;
CREATE OR REFRESH MATERIALIZED VIEW lists_of_lists AS
SELECT id % 3 AS g, collect_list(array(id, NULL)) AS la FROM parquet.\`$DD\` WHERE id < 6
GROUP BY id % 3;
SQL
"$SLUICE" run "$P" --storage "$WORK/s4" >"$WORK/out" 2>&1; rc=$?
check nested.deep_run 0 "$rc"
files=$(delta_files "$WORK/s4/tables/default/deep")
check nested.deep_equal_in_duckdb 0 \
    "$(dq "SELECT count(*) FROM ((SELECT * FROM read_parquet('$DD')
                                 EXCEPT ALL SELECT * FROM read_parquet($files))
                                UNION ALL (SELECT * FROM read_parquet($files)
                                 EXCEPT ALL SELECT * FROM read_parquet('$DD')))")"
files=$(delta_files "$WORK/s4/tables/default/lists_of_lists")
check nested.collect_list_of_arrays "$(printf '%s\n' '0,"[[0, NULL], [3, NULL]]"' \
    '1,"[[1, NULL], [4, NULL]]"' '2,"[[2, NULL], [5, NULL]]"')" \
    "$(dq "SELECT g, CAST(la AS VARCHAR) FROM read_parquet($files) ORDER BY g")"
