/* Interval literals as SQL writes them ("3 days", "interval 1 year 2 months 4 hours"):
 * shared by the SQL lowering (calendar months kept apart) and the runtime's casts. */
#ifndef SLUICE_INTERVAL_H
#define SLUICE_INTERVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* [interval] (<n> <unit>)+ with units year .. microsecond (singular or plural, any case)
 * into calendar months (years x 12; whole numbers only) and microseconds (fractions
 * rounded). False when the text has another shape or overflows. */
bool interval_parse(const char *s, size_t n, int64_t *months, int64_t *micros);

#endif
