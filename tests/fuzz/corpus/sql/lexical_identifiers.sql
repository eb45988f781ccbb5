-- sluice: parse
-- Keywords are case-insensitive; identifiers keep their spelling; backquotes quote anything
-- (a doubled backquote is one); common column names that are keywords stay usable.
CrEaTe MaTeRiAlIzEd ViEw MixedCase AS SeLeCt Foo, fOO, `select`, `my col`, `we``ird`, `ünïcode`
FROM `cat-1`.`sch ema`.`t`;
CREATE MATERIALIZED VIEW keyword_columns AS
SELECT date, type, year, comment, location, keys, count, name, key, stream, timestamp, first,
       last, filter, range, rows, version, time, zone, second, current, schema, table, view,
       update, delete, insert, set, use, flow, live, auto, cdc, sequence, partition, options
FROM events AS keys;
CREATE MATERIALIZED VIEW `date` AS SELECT `table`.`order` FROM `table`;
CREATE MATERIALIZED VIEW _under_1 AS SELECT 1a2, a_1, _x FROM t1_2;
