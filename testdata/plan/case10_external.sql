-- sluice: compile --explain
CREATE MATERIALIZED VIEW recent AS SELECT * FROM sales.orders;
