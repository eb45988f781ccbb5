/* Time-zone offsets for from_utc_timestamp & co (dt_zone_offset in datetime.h):
 * fixed offsets ("+02:00", "UTC-8") directly, region names ("Europe/Berlin") from
 * the TZif files under /usr/share/zoneinfo, loaded once and cached. Instants after
 * a file's last transition (2037 in "fat" files) keep the last offset. */
#include "datetime.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Zone {
    char         name[64];
    int64_t     *times;    // transition instants, UTC seconds, ascending
    int32_t     *offsets;  // offset in effect from times[i] on
    int32_t      initial;  // offset before the first transition
    uint32_t     n;
    bool         ok;       // false: no such zone (cached too)
    struct Zone *next;
} Zone;

static Zone           *zones;  // process-wide cache, never freed (always reachable)
static pthread_mutex_t zones_mu = PTHREAD_MUTEX_INITIALIZER;

static int64_t be(const unsigned char *p, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v = v << 8 | p[i];
    if (bytes == 4) return (int32_t)(uint32_t)v;
    return (int64_t)v;
}

/* Parse a TZif file (RFC 8536): the 64-bit block when version >= 2. */
static bool load_tzif(Zone *z, const unsigned char *b, size_t len) {
    if (len < 44 || memcmp(b, "TZif", 4) != 0) return false;
    int tsize = 4;
    size_t off = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (off + 44 > len) return false;
        const unsigned char *h = b + off;
        uint32_t isut = (uint32_t)be(h + 20, 4), isstd = (uint32_t)be(h + 24, 4);
        uint32_t leap = (uint32_t)be(h + 28, 4), timecnt = (uint32_t)be(h + 32, 4);
        uint32_t typecnt = (uint32_t)be(h + 36, 4), charcnt = (uint32_t)be(h + 40, 4);
        if (timecnt > 100000 || typecnt > 256 || typecnt == 0 || leap > 100000) return false;
        size_t body = (size_t)timecnt * ((size_t)tsize + 1) + typecnt * 6 + charcnt +
                      (size_t)leap * ((size_t)tsize + 4) + isstd + isut;
        if (off + 44 + body > len) return false;
        if (pass == 0 && h[4] >= '2') {  // skip the 32-bit block, read the 64-bit one
            off += 44 + body;
            tsize = 8;
            continue;
        }
        const unsigned char *t = h + 44, *idx = t + (size_t)timecnt * tsize;
        const unsigned char *types = idx + timecnt;
        z->times = calloc(timecnt ? timecnt : 1, sizeof *z->times);
        z->offsets = calloc(timecnt ? timecnt : 1, sizeof *z->offsets);
        if (!z->times || !z->offsets) return false;
        z->initial = (int32_t)be(types, 4);
        for (uint32_t k = 0; k < typecnt; k++)  // the first standard-time type
            if (!types[k * 6 + 4]) { z->initial = (int32_t)be(types + k * 6, 4); break; }
        for (uint32_t i = 0; i < timecnt; i++) {
            unsigned ti = idx[i];
            if (ti >= typecnt) return false;
            z->times[i] = be(t + (size_t)i * tsize, tsize);
            z->offsets[i] = (int32_t)be(types + ti * 6, 4);
        }
        z->n = timecnt;
        return true;
    }
    return false;
}

static bool safe_name(const char *s, size_t n) {
    if (n == 0 || n >= 64 || s[0] == '/' || memmem(s, n, "..", 2)) return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("/_+-", s[i])) return false;
    return true;
}

static const Zone *find_zone(const char *s, size_t n) {
    pthread_mutex_lock(&zones_mu);
    Zone *z = zones;
    for (; z; z = z->next)
        if (strlen(z->name) == n && memcmp(z->name, s, n) == 0) break;
    if (!z && (z = calloc(1, sizeof *z))) {
        memcpy(z->name, s, n);
        char path[128];
        snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", z->name);
        FILE *f = fopen(path, "rb");
        if (f) {
            unsigned char *buf = malloc(1 << 20);
            size_t len = buf ? fread(buf, 1, 1 << 20, f) : 0;
            fclose(f);
            z->ok = buf && load_tzif(z, buf, len);
            free(buf);
        }
        z->next = zones;
        zones = z;
    }
    pthread_mutex_unlock(&zones_mu);
    return z && z->ok ? z : NULL;
}

static int32_t zone_at(const Zone *z, int64_t secs) {
    if (z->n == 0 || secs < z->times[0]) return z->initial;
    uint32_t lo = 0, hi = z->n;  // last transition <= secs
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (z->times[mid] <= secs) lo = mid;
        else hi = mid;
    }
    return z->offsets[lo];
}

/* "+02:00", "-0530", "+8" after an optional UTC/GMT/UT prefix; "" means UTC. */
static bool fixed_offset(const char *s, size_t n, int32_t *off) {
    size_t i = 0;
    if (n >= 3 && (strncasecmp(s, "UTC", 3) == 0 || strncasecmp(s, "GMT", 3) == 0)) i = 3;
    else if (n >= 2 && strncasecmp(s, "UT", 2) == 0) i = 2;
    else if (n == 1 && (s[0] == 'Z' || s[0] == 'z')) i = 1;
    if (i == n) { *off = 0; return true; }
    if (s[i] != '+' && s[i] != '-') return false;
    int sign = s[i++] == '-' ? -1 : 1;
    int h = 0, m = 0, sec = 0, k = 0;
    while (i < n && isdigit((unsigned char)s[i]) && k < 2) h = h * 10 + (s[i++] - '0'), k++;
    if (k == 0) return false;
    if (i < n && s[i] == ':') i++;
    for (k = 0; i < n && isdigit((unsigned char)s[i]) && k < 2; k++) m = m * 10 + (s[i++] - '0');
    if (i < n && s[i] == ':') i++;
    for (k = 0; i < n && isdigit((unsigned char)s[i]) && k < 2; k++)
        sec = sec * 10 + (s[i++] - '0');
    if (i != n || h > 18 || m > 59 || sec > 59) return false;
    *off = sign * (h * 3600 + m * 60 + sec);
    return true;
}

bool dt_zone_offset(const char *zone, size_t n, int64_t us, bool local, int32_t *offset_s) {
    if (fixed_offset(zone, n, offset_s)) return true;
    if (n == 7 && (strncasecmp(zone, "Etc/UTC", 7) == 0 || strncasecmp(zone, "Etc/GMT", 7) == 0)) {
        *offset_s = 0;
        return true;
    }
    if (!safe_name(zone, n)) return false;
    const Zone *z = find_zone(zone, n);
    if (!z) return false;
    int64_t secs = dt_floor_div(us, DT_US_PER_SEC);
    if (!local) { *offset_s = zone_at(z, secs); return true; }
    // wall time -> instant: the offset o with zone_at(wall - o) == o; in a gap or
    // an overlap take the offset in effect before the transition (as java.time)
    int32_t o1 = zone_at(z, secs - zone_at(z, secs));
    int32_t o2 = zone_at(z, secs - o1);
    *offset_s = o1 == o2 ? o1 : (o1 > o2 ? o1 : o2);
    return true;
}
