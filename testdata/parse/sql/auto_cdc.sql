-- sluice: parse
-- AUTO CDC INTO and the newer optional clauses (parsed and stored).
AUTO CDC INTO users
  FROM STREAM(users_cdc)
  KEYS (user_id)
  IGNORE NULL UPDATES ON (email, phone)
  SEQUENCE BY event_ts
  SYSTEM SEQUENCE BY _commit_version
  COLUMNS TO UPDATE (email, phone)
  STORED AS BITEMPORAL;
auto cdc into users2 from stream users_cdc keys (user_id) sequence by event_ts
  columns to update email;
