/* Commits (storage-format.md 7.7): the commit file is published with
 * put-if-absent (temp file, fsync, link(), unlink, fsync the folder), so two
 * writers can never both own a version and a reader never sees half a commit.
 * A writer that loses the race checks the winning commits for conflicts and
 * retries blind appends at the next version. */
#include "delta.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    MAX_ATTEMPTS = 16,        // lost races tolerated before giving up
    CHECKPOINT_INTERVAL = 10, // Spark's default delta.checkpointInterval
};

void delta_commit_text(const DeltaCommit *c, int64_t now_ms, StrBuf *out) {
    DeltaAction a = {.kind = DA_COMMIT_INFO};
    a.u.info = (DeltaCommitInfo){.timestamp = now_ms, .operation = c->operation,
                                 .params_json = c->params_json, .metrics_json = c->metrics_json,
                                 .is_blind_append = c->is_blind_append};
    delta_write_action(out, &a);
    sb_putc(out, '\n');
    if (c->proto) {
        a = (DeltaAction){.kind = DA_PROTOCOL, .u.proto = *c->proto};
        delta_write_action(out, &a);
        sb_putc(out, '\n');
    }
    if (c->meta) {
        a = (DeltaAction){.kind = DA_META, .u.meta = *c->meta};
        delta_write_action(out, &a);
        sb_putc(out, '\n');
    }
    if (c->txn_app) {
        a = (DeltaAction){.kind = DA_TXN};
        a.u.txn = (DeltaTxn){.app_id = c->txn_app, .version = c->txn_version,
                             .last_updated = now_ms};
        delta_write_action(out, &a);
        sb_putc(out, '\n');
    }
    for (uint32_t i = 0; i < c->nremoves; i++) {
        a = (DeltaAction){.kind = DA_REMOVE, .u.remove = c->removes[i]};
        delta_write_action(out, &a);
        sb_putc(out, '\n');
    }
    for (uint32_t i = 0; i < c->nadds; i++) {
        a = (DeltaAction){.kind = DA_ADD, .u.add = c->adds[i]};
        delta_write_action(out, &a);
        sb_putc(out, '\n');
    }
}

static int write_all(int fd, const char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Make tmp visible as final unless final exists (EEXIST). link() is the portable
 * put-if-absent; file systems without hard links get renameat2(RENAME_NOREPLACE). */
static int publish_noreplace(const char *tmp, const char *final) {
    if (link(tmp, final) == 0) return 0;
    if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS) return -1;
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_NOREPLACE) != 0) return -1;
    // tmp was renamed away, so the caller's unlink(tmp) fails harmlessly.
    return 0;
}

/* 0 published, 1 the version exists already, -1 error. */
static int put_if_absent(const char *table, int64_t version, const StrBuf *text, char **err) {
    char id[37];
    delta_uuid(id);
    StrBuf tmp = {0}, dir = {0};
    sb_printf(&dir, "%s/_delta_log", table);
    sb_printf(&tmp, "%s/.tmp-%s", dir.ptr, id);
    char *final = delta_commit_path(table, version);
    int rc = -1;
    int fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        *err = delta_errorf("cannot create %s: %s", tmp.ptr, strerror(errno));
        goto out;
    }
    if (write_all(fd, text->ptr ? text->ptr : "", text->len) || fsync(fd)) {
        *err = delta_errorf("cannot write %s: %s", tmp.ptr, strerror(errno));
        close(fd);
        unlink(tmp.ptr);
        goto out;
    }
    close(fd);
    if (publish_noreplace(tmp.ptr, final) != 0) {
        int e = errno;
        unlink(tmp.ptr);
        if (e == EEXIST) rc = 1;
        else *err = delta_errorf("cannot publish %s: %s", final, strerror(e));
        goto out;
    }
    unlink(tmp.ptr);
    delta_fsync_path(dir.ptr, true);
    rc = 0;
out:
    free(final);
    sb_free(&tmp);
    sb_free(&dir);
    return rc;
}

static bool removes_overlap(const DeltaCommit *c, const char *path) {
    for (uint32_t i = 0; i < c->nremoves; i++)
        if (strcmp(c->removes[i].path, path) == 0) return true;
    return false;
}

/* Decide what to do about a commit another writer published at version w.
 * 0: retry at w+1; 1: our txn is already there; -1: conflict (*err). */
static int check_winner(const char *table, int64_t w, const DeltaCommit *c, char **err) {
    char *path = delta_commit_path(table, w);
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        *err = delta_errorf("lost the race for version %lld but cannot read %s", (long long)w,
                            path);
        free(path);
        return -1;
    }
    Arena a = {0};
    DeltaAction *acts;
    uint32_t n;
    int rc = delta_parse_actions(&a, text, len, path, &acts, &n, err) ? -1 : 0;
    for (uint32_t i = 0; rc == 0 && i < n; i++) {
        const DeltaAction *x = &acts[i];
        if (x->kind == DA_META || x->kind == DA_PROTOCOL) {
            *err = delta_errorf("%s: concurrent %s change committed as version %lld; "
                                "this commit was not written",
                                table, x->kind == DA_META ? "metadata" : "protocol",
                                (long long)w);
            rc = -1;
        } else if (x->kind == DA_TXN && c->txn_app && strcmp(x->u.txn.app_id, c->txn_app) == 0 &&
                   x->u.txn.version >= c->txn_version) {
            rc = 1;
        } else if (c->nremoves && !c->is_blind_append &&
                   (x->kind == DA_ADD ||
                    (x->kind == DA_REMOVE && removes_overlap(c, x->u.remove.path)))) {
            *err = delta_errorf("%s: concurrent write committed as version %lld conflicts with "
                                "this %s; this commit was not written",
                                table, (long long)w, c->operation ? c->operation : "overwrite");
            rc = -1;
        }
    }
    arena_free_all(&a);
    free(text);
    free(path);
    return rc;
}

/* mkdir -p <table>/_delta_log: tables live in nested folders (tables/<schema>/<name>). */
static int ensure_log_dir(const char *table, char **err) {
    StrBuf p = {0};
    sb_printf(&p, "%s/_delta_log", table);
    int rc = 0;
    for (size_t i = 1; i <= p.len && rc == 0; i++) {
        if (i < p.len && p.ptr[i] != '/') continue;
        char saved = p.ptr[i];
        p.ptr[i] = 0;
        if (mkdir(p.ptr, 0755) != 0 && errno != EEXIST) {
            *err = delta_errorf("cannot create %s: %s", p.ptr, strerror(errno));
            rc = -1;
        }
        p.ptr[i] = saved;
    }
    sb_free(&p);
    return rc;
}

static void maybe_checkpoint(const char *table, int64_t version, int interval) {
    if (interval <= 0) interval = CHECKPOINT_INTERVAL;
    if (version <= 0 || version % interval != 0) return;
    DeltaSnapshot s;
    char *err = NULL;
    // A checkpoint only speeds up readers: a failure here leaves a valid table.
    if (delta_snapshot_load(table, version, &s, &err) == 0) {
        if (delta_checkpoint_write(&s, &err) != 0) free(err);
        delta_snapshot_free(&s);
    } else {
        free(err);
    }
}

DeltaCommitStatus delta_commit(const char *table, int64_t read_version, const DeltaCommit *c,
                               int64_t *version, char **err) {
    if (read_version < 0 && ensure_log_dir(table, err)) return DC_ERROR;
    StrBuf text = {0};
    delta_commit_text(c, delta_now_ms(), &text);
    delta_crash_point("before_commit");
    int64_t v = read_version + 1;
    DeltaCommitStatus st = DC_ERROR;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        int rc = put_if_absent(table, v, &text, err);
        if (rc < 0) goto out;
        if (rc == 0) {
            delta_crash_point("after_commit");
            *version = v;
            st = DC_OK;
            sb_free(&text);
            maybe_checkpoint(table, v, c->checkpoint_interval);
            return st;
        }
        if (read_version < 0) {
            *err = delta_errorf("table %s already exists", table);
            goto out;
        }
        // Lost the race for v: check every commit that won, then try after them.
        for (;;) {
            int w = check_winner(table, v, c, err);
            if (w < 0) goto out;
            if (w == 1) { *version = v; st = DC_ALREADY; goto out; }
            v++;
            char *next = delta_commit_path(table, v);
            bool exists = access(next, F_OK) == 0;
            free(next);
            if (!exists) break;
        }
    }
    *err = delta_errorf("%s: gave up committing after %d lost races with concurrent writers",
                        table, MAX_ATTEMPTS);
out:
    sb_free(&text);
    return st;
}
