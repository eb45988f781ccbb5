/* Morsel-parallel file reading (rt_parscan.h): files are cut into byte ranges up front;
 * workers take the next range from a shared counter, fill their own batch and hand it
 * over through a bounded queue; the consumer recycles the batch it borrowed on its next
 * call. A fixed pool of batches bounds memory; the first error stops everything. */
#include "rt_parscan.h"

#include "arena.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum {
    PS_QUEUE       = 4,   // full batches in flight between the workers and the consumer
    PS_MAX_THREADS = 16,  // a cap on SLUICE_SCAN_THREADS
    PS_PARQUET_MORSEL = 1 << 20,  // byte range per Parquet morsel
};

typedef struct {
    uint32_t file;
    int64_t  off, len;  // len -1: to the end of the file
} Morsel;

struct ParScan {
    const SrcFileList *files;
    SrcFormat          fmt;
    const SrcOpts     *opts;
    const Schema      *schema;
    const int         *cols;
    uint32_t           ncols;
    const Type        *types;
    const ParReaderOps *ops;       // NULL: files read through filesrc
    Morsel            *morsels;
    uint32_t           nmorsels;
    uint32_t          *left;       // per file: morsels not yet read (under mu)
    atomic_uint        next_morsel;
    atomic_uint        files_started, files_done;
    atomic_bool        stop;       // set under mu; read without it between morsels

    pthread_mutex_t    mu;
    pthread_cond_t     not_empty;  // queue has a batch, or a worker ended
    pthread_cond_t     not_full;   // queue has room, or stop
    pthread_cond_t     has_free;   // a batch was recycled, or stop
    Batch             *queue[PS_QUEUE];
    uint32_t           qhead, qlen;
    Batch            **pool;       // every batch allocated (freed at close)
    Batch            **free_list;
    uint32_t           npool, nfree, pool_cap;
    Batch             *borrowed;   // returned by parscan_next, recycled on the next call
    char              *error;      // the first worker error, until reported
    bool               err_reported;
    int                running;
    pthread_t          threads[PS_MAX_THREADS];
    int                nthreads;
    /* part mode (parscan_open_part): no workers; the caller reads morsels part,
     * part + nparts, ... itself */
    int                part, nparts;
    uint32_t           part_next;   // next morsel of this part
    void              *part_reader; // open reader of the current morsel, or NULL
    Batch             *part_batch;
};

static bool is_splittable(const SrcFile *f, SrcFormat fmt, const SrcOpts *opts) {
    if (fmt == SRC_PARQUET) return true;
    if (fmt != SRC_JSON && fmt != SRC_CSV && fmt != SRC_TEXT) return false;
    if (filesrc_opts_bool(opts, "multiLine", false) || filesrc_opts_bool(opts, "wholetext", false))
        return false;
    size_t n = strlen(f->path);
    return !(n >= 3 && !strcasecmp(f->path + n - 3, ".gz"));
}

static void build_morsels(ParScan *ps, int64_t morsel_bytes) {
    // Parquet ranges pick whole row groups (often 1-8 MB): small ranges spread them
    // over the workers; a range without a row group's middle reads nothing.
    if (ps->fmt == SRC_PARQUET && morsel_bytes > PS_PARQUET_MORSEL) morsel_bytes = PS_PARQUET_MORSEL;
    size_t n = 0;
    for (uint32_t i = 0; i < ps->files->n; i++) {
        const SrcFile *f = &ps->files->items[i];
        n += is_splittable(f, ps->fmt, ps->opts) && f->size > morsel_bytes
                 ? (size_t)((f->size + morsel_bytes - 1) / morsel_bytes) : 1;
    }
    ps->morsels = xcalloc(n + 1, sizeof *ps->morsels);
    ps->left = xcalloc(ps->files->n + 1, sizeof *ps->left);
    for (uint32_t i = 0; i < ps->files->n; i++) {
        const SrcFile *f = &ps->files->items[i];
        bool split = is_splittable(f, ps->fmt, ps->opts) && f->size > morsel_bytes;
        int64_t off = 0;
        do {
            Morsel *m = &ps->morsels[ps->nmorsels++];
            bool last = !split || off + morsel_bytes >= f->size;
            *m = (Morsel){i, off, last ? -1 : morsel_bytes};  // the last one reads to EOF
            ps->left[i]++;
            off += morsel_bytes;
            if (last) break;
        } while (1);
    }
}

/* A morsel's reader: the caller's ops, or a file source. */
static void *reader_open(ParScan *ps, const Morsel *mo, char **err) {
    if (ps->ops) return ps->ops->open(ps->ops->ud, mo->file, mo->off, mo->len, err);
    return filesrc_open_range(&ps->files->items[mo->file], mo->off, mo->len, ps->fmt, ps->opts,
                              ps->schema, ps->cols, ps->ncols, err);
}

static int reader_next(ParScan *ps, void *r, Batch *b, char **err) {
    return ps->ops ? ps->ops->next(r, b, err) : filesrc_next(r, b, err);
}

static void reader_close(ParScan *ps, void *r) {
    if (ps->ops) ps->ops->close(r);
    else filesrc_close(r);
}

/* Under mu: a recycled batch, a new one while the pool has room, else NULL. */
static Batch *take_free_locked(ParScan *ps) {
    if (ps->nfree) return ps->free_list[--ps->nfree];
    if (ps->npool < ps->pool_cap) {
        Batch *b = batch_new(ps->types, ps->ncols);
        ps->pool[ps->npool++] = b;
        return b;
    }
    return NULL;
}

static void fail(ParScan *ps, char *err) {
    pthread_mutex_lock(&ps->mu);
    if (!ps->error && !ps->err_reported && !atomic_load(&ps->stop))
        ps->error = err ? err : xstrdup("file scan failed");
    else free(err);
    atomic_store(&ps->stop, true);
    pthread_cond_broadcast(&ps->not_empty);
    pthread_cond_broadcast(&ps->not_full);
    pthread_cond_broadcast(&ps->has_free);
    pthread_mutex_unlock(&ps->mu);
}

/* Queue a full batch and get an empty one to fill next; NULL when the scan stopped (the
 * batch then goes back to the free list). */
static Batch *hand_over(ParScan *ps, Batch *b) {
    pthread_mutex_lock(&ps->mu);
    while (ps->qlen == PS_QUEUE && !atomic_load(&ps->stop))
        pthread_cond_wait(&ps->not_full, &ps->mu);
    Batch *next = NULL;
    if (atomic_load(&ps->stop)) {
        ps->free_list[ps->nfree++] = b;
    } else {
        ps->queue[(ps->qhead + ps->qlen++) % PS_QUEUE] = b;
        pthread_cond_signal(&ps->not_empty);
        while (!(next = take_free_locked(ps)) && !atomic_load(&ps->stop))
            pthread_cond_wait(&ps->has_free, &ps->mu);
    }
    pthread_mutex_unlock(&ps->mu);
    return next;
}

static void morsel_done(ParScan *ps, uint32_t file) {
    pthread_mutex_lock(&ps->mu);
    if (--ps->left[file] == 0) atomic_fetch_add(&ps->files_done, 1);
    pthread_mutex_unlock(&ps->mu);
}

static void *worker(void *arg) {
    ParScan *ps = arg;
    pthread_mutex_lock(&ps->mu);
    Batch *b = take_free_locked(ps);  // the pool has one batch per worker at least
    pthread_mutex_unlock(&ps->mu);
    while (b && !atomic_load(&ps->stop)) {
        uint32_t m = atomic_fetch_add(&ps->next_morsel, 1);
        if (m >= ps->nmorsels) break;
        const Morsel *mo = &ps->morsels[m];
        char *err = NULL;
        void *r = reader_open(ps, mo, &err);
        if (!r) {
            fail(ps, err);
            break;
        }
        if (mo->off == 0) atomic_fetch_add(&ps->files_started, 1);
        int rc;
        while ((rc = reader_next(ps, r, b, &err)) > 0) {
            if (!batch_live(b)) continue;
            if (!(b = hand_over(ps, b))) break;
        }
        reader_close(ps, r);
        if (rc < 0) {
            fail(ps, err);
            break;
        }
        if (b) morsel_done(ps, mo->file);
    }
    pthread_mutex_lock(&ps->mu);
    if (b) ps->free_list[ps->nfree++] = b;
    ps->running--;
    pthread_cond_broadcast(&ps->not_empty);
    pthread_mutex_unlock(&ps->mu);
    return NULL;
}

static ParScan *start(ParScan *ps, int nthreads, int64_t morsel_bytes);

ParScan *parscan_start(const SrcFileList *files, SrcFormat fmt, const SrcOpts *opts,
                       const Schema *schema, const int *cols, uint32_t ncols,
                       const Type *types, int nthreads, int64_t morsel_bytes) {
    ParScan *ps = xcalloc(1, sizeof *ps);
    *ps = (ParScan){.files = files, .fmt = fmt, .opts = opts, .schema = schema, .cols = cols,
                    .ncols = ncols, .types = types};
    return start(ps, nthreads, morsel_bytes);
}

ParScan *parscan_start_ops(const SrcFileList *files, const ParReaderOps *ops, const Type *types,
                           uint32_t ncols, int nthreads, int64_t morsel_bytes) {
    ParScan *ps = xcalloc(1, sizeof *ps);
    *ps = (ParScan){.files = files, .fmt = SRC_PARQUET, .ops = ops, .ncols = ncols,
                    .types = types};
    return start(ps, nthreads, morsel_bytes);
}

ParScan *parscan_open_part(const SrcFileList *files, SrcFormat fmt, const SrcOpts *opts,
                           const Schema *schema, const int *cols, uint32_t ncols,
                           const Type *types, const ParReaderOps *ops, int part, int nparts,
                           int64_t morsel_bytes) {
    ParScan *ps = xcalloc(1, sizeof *ps);
    *ps = (ParScan){.files = files, .fmt = ops ? SRC_PARQUET : fmt, .opts = opts,
                    .schema = schema, .cols = cols, .ncols = ncols, .types = types, .ops = ops,
                    .part = part, .nparts = nparts > 0 ? nparts : 1};
    if (morsel_bytes < 1) morsel_bytes = 1;
    build_morsels(ps, morsel_bytes);
    ps->part_next = (uint32_t)(part > 0 ? part : 0);
    ps->part_batch = batch_new(types, ncols);
    pthread_mutex_init(&ps->mu, NULL);
    pthread_cond_init(&ps->not_empty, NULL);
    pthread_cond_init(&ps->not_full, NULL);
    pthread_cond_init(&ps->has_free, NULL);
    return ps;
}

static void part_close_reader(ParScan *ps) {
    if (!ps->part_reader) return;
    reader_close(ps, ps->part_reader);
    ps->part_reader = NULL;
}

/* Part mode: the next batch of this part's morsels, read on the calling thread. */
static int part_next(ParScan *ps, Batch **out, char **err) {
    for (;;) {
        if (!ps->part_reader) {
            if (ps->part_next >= ps->nmorsels) return 0;
            const Morsel *mo = &ps->morsels[ps->part_next];
            ps->part_next += (uint32_t)ps->nparts;
            if (!(ps->part_reader = reader_open(ps, mo, err))) return -1;
            if (mo->off == 0) atomic_fetch_add(&ps->files_started, 1);
        }
        int rc = reader_next(ps, ps->part_reader, ps->part_batch, err);
        if (rc < 0) return -1;
        if (rc == 0) {
            part_close_reader(ps);
            continue;
        }
        if (!batch_live(ps->part_batch)) continue;
        *out = ps->part_batch;
        return 1;
    }
}

static ParScan *start(ParScan *ps, int nthreads, int64_t morsel_bytes) {
    if (nthreads < 1) nthreads = 1;
    if (nthreads > PS_MAX_THREADS) nthreads = PS_MAX_THREADS;
    if (morsel_bytes < 1) morsel_bytes = 1;
    build_morsels(ps, morsel_bytes);
    // every worker holds one batch, the queue PS_QUEUE, the consumer one
    ps->pool_cap = (uint32_t)nthreads + PS_QUEUE + 1;
    ps->pool = xcalloc(ps->pool_cap, sizeof *ps->pool);
    ps->free_list = xcalloc(ps->pool_cap, sizeof *ps->free_list);
    pthread_mutex_init(&ps->mu, NULL);
    pthread_cond_init(&ps->not_empty, NULL);
    pthread_cond_init(&ps->not_full, NULL);
    pthread_cond_init(&ps->has_free, NULL);
    // workers take no signals: the CLI's handlers run on the main thread
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_mutex_lock(&ps->mu);
    for (int i = 0; i < nthreads; i++) {
        if (pthread_create(&ps->threads[ps->nthreads], NULL, worker, ps)) break;
        ps->nthreads++, ps->running++;
    }
    pthread_mutex_unlock(&ps->mu);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!ps->nthreads) {
        parscan_close(ps);
        return NULL;
    }
    return ps;
}

int parscan_next(ParScan *ps, Batch **out, char **err) {
    *out = NULL;
    if (ps->part_batch) return part_next(ps, out, err);
    pthread_mutex_lock(&ps->mu);
    if (ps->borrowed) {
        ps->free_list[ps->nfree++] = ps->borrowed;
        ps->borrowed = NULL;
        pthread_cond_signal(&ps->has_free);
    }
    while (!ps->qlen && ps->running && !ps->error && !ps->err_reported)
        pthread_cond_wait(&ps->not_empty, &ps->mu);
    if (ps->error || ps->err_reported) {
        *err = ps->error ? ps->error : xstrdup("file scan stopped after an earlier error");
        ps->error = NULL;
        ps->err_reported = true;
        pthread_mutex_unlock(&ps->mu);
        return -1;
    }
    if (!ps->qlen) {
        pthread_mutex_unlock(&ps->mu);
        return 0;
    }
    Batch *b = ps->queue[ps->qhead];
    ps->qhead = (ps->qhead + 1) % PS_QUEUE;
    ps->qlen--;
    pthread_cond_signal(&ps->not_full);
    ps->borrowed = b;
    pthread_mutex_unlock(&ps->mu);
    *out = b;
    return 1;
}

uint32_t parscan_files_started(const ParScan *ps) {
    return atomic_load(&ps->files_started);
}

uint32_t parscan_files_done(const ParScan *ps) {
    return atomic_load(&ps->files_done);
}

void parscan_close(ParScan *ps) {
    if (!ps) return;
    pthread_mutex_lock(&ps->mu);
    atomic_store(&ps->stop, true);
    pthread_cond_broadcast(&ps->not_full);
    pthread_cond_broadcast(&ps->has_free);
    pthread_mutex_unlock(&ps->mu);
    for (int i = 0; i < ps->nthreads; i++) pthread_join(ps->threads[i], NULL);
    part_close_reader(ps);
    batch_free(ps->part_batch);
    for (uint32_t i = 0; i < ps->npool; i++) batch_free(ps->pool[i]);
    free(ps->error);
    free(ps->pool);
    free(ps->free_list);
    free(ps->morsels);
    free(ps->left);
    pthread_mutex_destroy(&ps->mu);
    pthread_cond_destroy(&ps->not_empty);
    pthread_cond_destroy(&ps->not_full);
    pthread_cond_destroy(&ps->has_free);
    free(ps);
}

int parscan_threads_for(double total_bytes) {
    const char *env = getenv("SLUICE_SCAN_THREADS");
    if (env && *env) {
        char *end;
        long n = strtol(env, &end, 10);
        if (!*end && n >= 1) return n > PS_MAX_THREADS ? PS_MAX_THREADS : (int)n;
    }
    if (total_bytes <= 16e6) return 1;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus >= 2 ? 2 : 1;
}
