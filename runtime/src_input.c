/* Buffered input over the records of one file range. A range [off, off+len) owns the
 * records that start inside it (Hadoop's line-split rule): a reader of a range not at
 * 0 skips the partial line it lands in, and reads past its end to finish its last line.
 * Files ending in .gz are decompressed on the fly (not splittable, like Hadoop's gzip). */
#include "src_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

enum { CHUNK = 1 << 20 };

static int io_error(const char *path, char **err) {
    if (!path) path = "input";
    StrBuf m = {0};
    sb_printf(&m, "%s: error: cannot read: %s", path, strerror(errno));
    *err = sb_take(&m);
    return -1;
}

int src_in_more(SrcInput *in, char **err) {
    if (in->eof) return 0;
    size_t keep = in->end - in->beg;
    if (in->beg > 0 && keep) memmove(in->buf, in->buf + in->beg, keep);
    in->end = keep;
    in->beg = 0;
    if (in->cap - in->end < CHUNK) {
        in->cap = in->cap * 2 > in->end + CHUNK ? in->cap * 2 : in->end + CHUNK;
        in->buf = xrealloc(in->buf, in->cap + 1);
    }
    ssize_t got;
    size_t want = in->cap - in->end;
    if (in->gz) {
        got = gzread(in->gz, in->buf + in->end, want > INT32_MAX ? INT32_MAX : (unsigned)want);
        if (got < 0) {
            int zerr;
            StrBuf m = {0};
            sb_printf(&m, "%s: error: cannot decompress: %s", in->path ? in->path : "input",
                      gzerror(in->gz, &zerr));
            *err = sb_take(&m);
            return -1;
        }
    } else {
        do got = read(in->fd, in->buf + in->end, want);
        while (got < 0 && errno == EINTR);
    }
    if (got < 0) return io_error(in->path, err);
    if (got == 0) {
        in->eof = true;
        return 0;
    }
    in->end += (size_t)got;
    in->buf[in->end] = 0;
    return 1;
}

int src_in_open(SrcInput *in, const char *path, int64_t off, int64_t len, char **err) {
    memset(in, 0, sizeof *in);
    in->path = path;
    in->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (in->fd < 0) return io_error(path, err);
    in->stop = len < 0 ? INT64_MAX : off + len;
    if (src_is_gzip(path)) {
        int fd = in->fd;
        in->fd = -1;
        if (!(in->gz = gzdopen(fd, "rb"))) {
            close(fd);
            return io_error(path, err);
        }
        in->stop = off > 0 ? 0 : INT64_MAX;  // the range at 0 reads the whole stream
        return 0;
    }
    if (off <= 0) return 0;
    // Start one byte early: if that byte is the newline, the record at off is ours.
    if (lseek(in->fd, (off_t)(off - 1), SEEK_SET) < 0) return io_error(path, err);
    in->pos = off - 1;
    for (;;) {
        char *nl = in->end > in->beg ? memchr(in->buf + in->beg, '\n', in->end - in->beg) : NULL;
        if (nl) {
            size_t skip = (size_t)(nl + 1 - (in->buf + in->beg));
            in->beg += skip;
            in->pos += (int64_t)skip;
            return 0;
        }
        in->pos += (int64_t)(in->end - in->beg);
        in->beg = in->end;
        int rc = src_in_more(in, err);
        if (rc <= 0) return rc;
    }
}

int src_in_line(SrcInput *in, const char **p, size_t *n, int64_t *off, char **err) {
    for (;;) {
        if (in->pos >= in->stop) return 0;
        char *start = in->buf + in->beg;
        size_t avail = in->end - in->beg;
        char *nl = avail ? memchr(start, '\n', avail) : NULL;
        if (nl || (in->eof && avail)) {
            size_t len = nl ? (size_t)(nl - start) : avail;
            size_t used = nl ? len + 1 : len;
            if (len && start[len - 1] == '\r') len--;
            *p = start;
            *n = len;
            if (in->pos == 0 && len >= 3 && memcmp(start, SRC_BOM, 3) == 0) *p += 3, *n -= 3;
            *off = in->pos;
            in->beg += used;
            in->pos += (int64_t)used;
            return 1;
        }
        if (in->eof) return 0;
        int rc = src_in_more(in, err);
        if (rc < 0) return -1;
    }
}

void src_in_close(SrcInput *in) {
    if (in->gz) gzclose(in->gz);
    if (in->fd > 0) close(in->fd);
    free(in->buf);
    memset(in, 0, sizeof *in);
    in->fd = -1;
}

bool src_is_gzip(const char *path) { return str_ends_with(path, ".gz"); }

int64_t src_line_of(const char *path, int64_t off) {
    gzFile f = gzopen(path, "rb");  // reads plain files as they are
    if (!f) return 0;
    int64_t line = 1, pos = 0;
    char buf[65536];
    int got;
    while (pos < off && (got = gzread(f, buf, sizeof buf)) > 0) {
        size_t lim = (int64_t)got < off - pos ? (size_t)got : (size_t)(off - pos);
        for (const char *q = buf; (q = memchr(q, '\n', lim - (size_t)(q - buf))); q++) line++;
        pos += (int64_t)got;
    }
    gzclose(f);
    return line;
}
