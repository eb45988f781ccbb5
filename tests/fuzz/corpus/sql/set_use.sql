-- sluice: parse
-- SET (raw value to the ';', trimmed; one pair of quotes removed) and USE.
SET source.root = /landing/shop;
SET spark.sql.shuffle.partitions=8;
SET quoted = 'a value; with semicolon' ;
SET `key.with.ticks` = "v";
SET eq = a=b=c   -- comment after
;
SET display.only;
SET;
USE CATALOG main;
USE SCHEMA sales;
USE DATABASE main.sales;
USE bronze;
