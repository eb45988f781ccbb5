/* Interval literal parsing (interval.h). */
#include "interval.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool interval_parse(const char *s, size_t n, int64_t *months, int64_t *micros) {
    static const struct {
        const char *unit;
        int64_t us, months;
    } units[] = {{"year", 0, 12},           {"month", 0, 1},           {"week", 604800000000LL, 0},
                 {"day", 86400000000LL, 0}, {"hour", 3600000000LL, 0}, {"minute", 60000000LL, 0},
                 {"second", 1000000LL, 0},  {"millisecond", 1000LL, 0}, {"microsecond", 1LL, 0}};
    size_t i = 0;
    bool any = false;
    *months = *micros = 0;
    while (i < n && s[i] == ' ') i++;
    if (n - i >= 8 && !strncasecmp(s + i, "interval", 8)) i += 8;
    for (;;) {
        while (i < n && s[i] == ' ') i++;
        if (i == n) return any;
        size_t st = i;
        if (s[i] == '-' || s[i] == '+') i++;
        while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.')) i++;
        char num[40];
        if (i == st || i - st >= sizeof num) return false;
        memcpy(num, s + st, i - st);
        num[i - st] = 0;
        double v = strtod(num, NULL);
        while (i < n && s[i] == ' ') i++;
        size_t us = i;
        while (i < n && isalpha((unsigned char)s[i])) i++;
        size_t ul = i - us;
        if (ul && (s[i - 1] == 's' || s[i - 1] == 'S')) ul--;
        int k = -1;
        for (int u = 0; u < (int)(sizeof units / sizeof *units); u++)
            if (strlen(units[u].unit) == ul && !strncasecmp(s + us, units[u].unit, ul)) k = u;
        if (k < 0 || !(v > -1e12 && v < 1e12)) return false;
        if (units[k].months) {
            if (v != (double)(int64_t)v) return false;  // a fraction of a month has no length
            *months += (int64_t)v * units[k].months;
        } else {
            double part = v * (double)units[k].us;
            if (!(part > -9e18 && part < 9e18) ||
                __builtin_add_overflow(*micros, (int64_t)llround(part), micros))
                return false;
        }
        any = true;
    }
}
