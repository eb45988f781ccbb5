-- sluice: compile --conf env=dev --explain
CREATE MATERIALIZED VIEW m AS SELECT * FROM ${env}_raw.orders;
