-- sluice: query --format csv --file
SELECT * FROM hr.salaries VERSION AS OF 3
