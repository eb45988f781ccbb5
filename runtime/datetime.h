/* Calendar math (proleptic Gregorian, as Spark 3) and Spark's datetime patterns
 * (yyyy MM dd HH mm ss SSS a E MMM ...) for formatting and parsing, plus time-zone
 * offsets. The session time zone is UTC: timestamps are UTC microseconds. */
#ifndef SLUICE_DATETIME_H
#define SLUICE_DATETIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DT_US_PER_SEC  INT64_C(1000000)
#define DT_US_PER_DAY  INT64_C(86400000000)

int64_t dt_floor_div(int64_t a, int64_t b);
int64_t dt_floor_mod(int64_t a, int64_t b);
bool    dt_is_leap(int64_t y);
int     dt_days_in_month(int64_t y, int m);
int64_t dt_days_from_civil(int64_t y, int m, int d);  // days since 1970-01-01
void    dt_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
/* Add months keeping the day, clamped to the month's last day (LocalDate.plusMonths). */
int64_t dt_add_months(int64_t days, int64_t months);

/* Format UTC micros with a Spark pattern into buf (NUL-terminated); returns the
 * length, or -1 for an invalid pattern (*err names the problem, static storage). */
int  dt_format(int64_t us, const char *pat, size_t patlen, char *buf, size_t cap,
               const char **err);
/* Parse s with a Spark pattern (case-insensitive, the whole input must match;
 * missing fields default to 1970-01-01 00:00:00). false when it does not match;
 * *bad_pattern is set when the pattern itself is invalid. */
bool dt_parse(const char *s, size_t n, const char *pat, size_t patlen, int64_t *us,
              bool *bad_pattern);
/* Spark's CAST(string AS DATE / TIMESTAMP) forms: "2024-01-31", "2024-1-5",
 * "2024-01-31 10:00:00.123", "2024-01-31T10:00:00Z", "...+02:00". */
bool dt_parse_date(const char *s, size_t n, int32_t *days);
bool dt_parse_timestamp(const char *s, size_t n, int64_t *us);
/* A zone id: "UTC", "GMT", "Z", "+02:00", "-0530", "UTC+8", "GMT-03:00", or a
 * region name found under /usr/share/zoneinfo. Sets *offset_s to the zone's offset
 * from UTC at the instant `utc_us` (or, when local is true, at the local wall time
 * `utc_us`). false for an unknown zone. */
bool dt_zone_offset(const char *zone, size_t n, int64_t utc_us, bool local, int32_t *offset_s);

#endif
