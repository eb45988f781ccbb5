-- sluice: parse
-- String literals: both quote styles, backslash escapes, adjacent literals joined,
-- raw strings, binary literals.
CREATE MATERIALIZED VIEW strings AS SELECT
  'single', "double", 'it\'s', "say \"hi\"", 'tab\there', 'nl\nx', 'back\\slash',
  'uni\u00e9 \U0001F600', 'oct\101', 'like\%\_', 'unknown\q', 'zero\0end',
  'a' 'b' "c"
  'continued on another line',
  r'C:\raw\path', R"raw \n stays", X'0AFF', x'',
  '';
