CREATE VIEW v AS SELECT f(a.b => 1, (x) => 2, 1 + 1 -> x);
