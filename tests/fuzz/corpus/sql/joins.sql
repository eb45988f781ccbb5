-- sluice: parse
-- Every join: INNER, LEFT/RIGHT/FULL [OUTER], CROSS, [LEFT] SEMI, [LEFT] ANTI, NATURAL;
-- ON, USING, no condition; comma joins.
CREATE MATERIALIZED VIEW joined AS
SELECT *
FROM a
  JOIN b ON a.id = b.id
  INNER JOIN c USING (id)
  LEFT JOIN d ON a.id = d.id
  LEFT OUTER JOIN e ON TRUE
  RIGHT JOIN f ON a.id = f.id
  RIGHT OUTER JOIN g USING (id, region)
  FULL JOIN h ON a.id = h.id
  FULL OUTER JOIN i ON a.id = i.id
  CROSS JOIN j
  LEFT SEMI JOIN k ON a.id = k.id
  SEMI JOIN l ON a.id = l.id
  LEFT ANTI JOIN m ON a.id = m.id
  ANTI JOIN n ON a.id = n.id
  NATURAL JOIN o
  NATURAL LEFT JOIN p
  JOIN q,
  r x, s AS y;
