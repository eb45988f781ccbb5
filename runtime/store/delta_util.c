/* Small helpers for the Delta log: UUIDs, clocks, fsync, crash points for the
 * crash tests, error strings, and add.path percent-encoding. */
#include "delta.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

void delta_uuid(char out[37]) {
    unsigned char r[16];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
        // No entropy source: fall back to time and pid, still unique enough per process.
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x = (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^ (uint64_t)getpid() << 48;
        static uint64_t counter;
        x += ++counter * 0x9E3779B97F4A7C15ull;
        for (int i = 0; i < 16; i++) {
            x ^= x >> 33, x *= 0xff51afd7ed558ccdull, x ^= x >> 29;
            r[i] = (unsigned char)x;
        }
    }
    r[6] = (unsigned char)((r[6] & 0x0F) | 0x40);  // version 4
    r[8] = (unsigned char)((r[8] & 0x3F) | 0x80);  // RFC 4122 variant
    static const char hex[] = "0123456789abcdef";
    int k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[k++] = '-';
        out[k++] = hex[r[i] >> 4];
        out[k++] = hex[r[i] & 15];
    }
    out[k] = 0;
}

int64_t delta_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void delta_crash_point(const char *name) {
    const char *at = getenv("SLUICE_CRASH_AT");
    if (at && strcmp(at, name) == 0) abort();
}

int delta_fsync_path(const char *path, bool is_dir) {
    int fd = open(path, (is_dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    // Some file systems refuse fsync on directories; the data is as durable as it gets.
    if (rc != 0 && is_dir && (errno == EINVAL || errno == EBADF)) rc = 0;
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

char *delta_errorf(const char *fmt, ...) {
    StrBuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    char tmp[1024];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    sb_puts(&b, tmp);
    return sb_take(&b);
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *delta_file_path(const char *table, const char *log_path) {
    StrBuf b = {0};
    const char *p = log_path;
    if (strncmp(p, "file://", 7) == 0) p += 7;
    else if (strncmp(p, "file:", 5) == 0) p += 5;
    bool absolute = p[0] == '/';
    if (!absolute) {
        sb_puts(&b, table);
        sb_putc(&b, '/');
    }
    for (; *p; p++) {
        int h, l;
        if (*p == '%' && (h = hexval(p[1])) >= 0 && (l = hexval(p[2])) >= 0) {
            sb_putc(&b, (char)(h << 4 | l));
            p += 2;
        } else {
            sb_putc(&b, *p);
        }
    }
    return sb_take(&b);
}

void delta_encode_path(StrBuf *b, const char *name) {
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-_.!~*'()/=", *p))
            sb_putc(b, (char)*p);
        else
            sb_printf(b, "%%%02X", *p);
    }
}
