-- sluice: compile -o /dev/null
CREATE MATERIALIZED VIEW m AS SELECT * FROM ${nope}_raw.orders;
