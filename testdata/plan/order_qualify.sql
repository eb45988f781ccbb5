-- sluice: compile --explain
CREATE MATERIALIZED VIEW src AS SELECT * FROM VALUES (1, 'a', 10.5), (2, 'b', 3.0), (3, 'a', 7.25) AS t(id, k, amount);
CREATE MATERIALIZED VIEW by_amount AS SELECT k AS key, id FROM src ORDER BY key, amount DESC;
CREATE MATERIALIZED VIEW top1 AS SELECT id, k FROM src QUALIFY row_number() OVER (PARTITION BY k ORDER BY amount DESC) = 1;
CREATE MATERIALIZED VIEW rounded AS SELECT round(amount, 1) AS r, round(1.25, 1) AS c FROM src;
