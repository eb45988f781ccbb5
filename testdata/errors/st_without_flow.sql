-- sluice: compile -o /dev/null
CREATE STREAMING TABLE lonely;
