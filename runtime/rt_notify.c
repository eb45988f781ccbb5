/* Notifications at the end of an update (dlt-language.md 4.9): for each entry of the
 * settings' `notifications` whose alerts match what happened (on-update-success,
 * on-update-failure, on-update-fatal-failure, on-flow-failure) one e-mail to its
 * recipients: sent over SMTP with libcurl when the settings name an `smtp` server,
 * otherwise written as an .eml file under <storage>/system/notifications/. libcurl is
 * dlopen'ed on the first mail: linking it costs every run ~30 shared libraries. */
#include "rt_internal.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    const char *data;
    size_t      len, off;
} Upload;

static size_t read_cb(char *buf, size_t size, size_t n, void *ud) {
    Upload *u = ud;
    size_t want = size * n, left = u->len - u->off;
    if (want > left) want = left;
    memcpy(buf, u->data + u->off, want);
    u->off += want;
    return want;
}

/* The libcurl entry points SMTP needs, resolved from libcurl.so.4 (its ABI since 2006). */
typedef struct {
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    void (*easy_cleanup)(CURL *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} CurlApi;

static CurlApi curl_api;
static char curl_load_err[512];
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static bool curl_sym(void *lib, const char *name, void *fn_ptr) {
    void *f = dlsym(lib, name);
    // POSIX's way to store an object pointer into a function pointer without a cast warning
    memcpy(fn_ptr, &f, sizeof f);
    if (!f) snprintf(curl_load_err, sizeof curl_load_err, "libcurl has no '%s'", name);
    return f != NULL;
}

static void curl_load(void) {
    // SLUICE_LIBCURL names another library file (tests use it to check the failure path)
    const char *name = getenv("SLUICE_LIBCURL");
    if (!name || !*name) name = "libcurl.so.4";
    void *lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        snprintf(curl_load_err, sizeof curl_load_err,
                 "cannot load %s (%s): sending e-mail needs libcurl (Debian package libcurl4)",
                 name, why ? why : "not found");
        return;
    }
    CurlApi a;
    if (curl_sym(lib, "curl_easy_init", &a.easy_init) &&
        curl_sym(lib, "curl_easy_setopt", &a.easy_setopt) &&
        curl_sym(lib, "curl_easy_perform", &a.easy_perform) &&
        curl_sym(lib, "curl_easy_strerror", &a.easy_strerror) &&
        curl_sym(lib, "curl_easy_cleanup", &a.easy_cleanup) &&
        curl_sym(lib, "curl_slist_append", &a.slist_append) &&
        curl_sym(lib, "curl_slist_free_all", &a.slist_free_all))
        curl_api = a;
    else
        dlclose(lib);
}

/* The loaded API, or NULL with *err set; loaded once per process, kept until exit. */
static const CurlApi *curl_get(char **err) {
    pthread_once(&curl_once, curl_load);
    if (curl_api.easy_init) return &curl_api;
    *err = rt_strdupf("%s", curl_load_err);
    return NULL;
}

static int send_smtp(const char *url, const char *from, const cJSON *to, const char *msg,
                     char **err) {
    const CurlApi *k = curl_get(err);
    if (!k) return -1;
    CURL *c = k->easy_init();
    if (!c) {
        *err = rt_strdupf("cannot start libcurl");
        return -1;
    }
    struct curl_slist *rcpt = NULL;
    const cJSON *r;
    cJSON_ArrayForEach(r, to) if (cJSON_IsString(r)) {
        char *a = rt_strdupf("<%s>", r->valuestring);
        rcpt = k->slist_append(rcpt, a);
        free(a);
    }
    char *mail_from = rt_strdupf("<%s>", from);
    Upload u = {msg, strlen(msg), 0};
    // variadic arguments: long options must be passed as long, callbacks as function pointers
    k->easy_setopt(c, CURLOPT_URL, url);
    k->easy_setopt(c, CURLOPT_MAIL_FROM, mail_from);
    k->easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    k->easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    k->easy_setopt(c, CURLOPT_READDATA, &u);
    k->easy_setopt(c, CURLOPT_UPLOAD, 1L);
    k->easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    k->easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    CURLcode rc = k->easy_perform(c);
    if (rc != CURLE_OK)
        *err = rt_strdupf("sending mail through %s failed: %s", url, k->easy_strerror(rc));
    k->slist_free_all(rcpt);
    free(mail_from);
    k->easy_cleanup(c);
    return rc == CURLE_OK ? 0 : -1;
}

static char *compose(Update *up, const char *from, const cJSON *to, const char *subject,
                     const char *body) {
    StrBuf b = {0};
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    sb_printf(&b, "From: %s\r\nTo: ", from);
    const cJSON *r;
    bool first = true;
    cJSON_ArrayForEach(r, to) if (cJSON_IsString(r)) {
        sb_printf(&b, "%s%s", first ? "" : ", ", r->valuestring);
        first = false;
    }
    sb_printf(&b, "\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@sluice>\r\n"
                  "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n",
              subject, date, up->update_id);
    for (const char *p = body; *p; p++) {  // CRLF line ends, as SMTP wants
        if (*p == '\n') sb_puts(&b, "\r\n");
        else sb_putc(&b, *p);
    }
    return sb_take(&b);
}

static void deliver(Update *up, const cJSON *smtp, const cJSON *to, const char *subject,
                    const char *body, int *seq) {
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(smtp, "url");
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(smtp, "from");
    const char *from = cJSON_IsString(f) ? f->valuestring : "sluice@localhost";
    char *msg = compose(up, from, to, subject, body);
    char *err = NULL;
    if (cJSON_IsString(u)) {
        if (send_smtp(u->valuestring, from, to, msg, &err)) {
            fprintf(stderr, "sluice: warning: notification not sent: %s\n", err);
            eventlog_add(up->log, "WARN", "notification", NULL, err, NULL, NULL);
        }
    } else {
        char *dir = rt_strdupf("%s/system/notifications", up->storage);
        char *path = rt_strdupf("%s/%s-%d.eml", dir, up->update_id, ++*seq);
        FILE *fp = rt_mkdirs(dir) ? NULL : fopen(path, "w");
        if (!fp || fputs(msg, fp) < 0 || fclose(fp)) fprintf(stderr, "sluice: warning: cannot write '%s'\n", path);
        free(dir);
        free(path);
    }
    free(err);
    free(msg);
}

static bool has_alert(const cJSON *alerts, const char *name) {
    const cJSON *a;
    cJSON_ArrayForEach(a, alerts) if (cJSON_IsString(a) && !strcmp(a->valuestring, name)) return true;
    return false;
}

void rt_notify(Update *up, bool failed, bool fatal) {
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(up->plan, "pipeline");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(p, "notifications");
    const cJSON *smtp = cJSON_GetObjectItemCaseSensitive(p, "smtp"), *n;
    int seq = 0;
    cJSON_ArrayForEach(n, list) {
        const cJSON *to = cJSON_GetObjectItemCaseSensitive(n, "email_recipients");
        const cJSON *alerts = cJSON_GetObjectItemCaseSensitive(n, "alerts");
        if (!cJSON_IsArray(to) || !cJSON_GetArraySize(to)) continue;
        if (has_alert(alerts, "on-flow-failure"))
            for (uint32_t i = 0; i < up->nds; i++) {
                RtDataset *d = &up->ds[i];
                if (d->state != ST_FAILED) continue;
                char *subj = rt_strdupf("[sluice] %s: flow '%s' failed", up->pipeline_name, d->name);
                char *body = rt_strdupf("Pipeline '%s', update %s: flow '%s' FAILED.\n\n%s\n",
                                        up->pipeline_name, up->update_id, d->name,
                                        d->error ? d->error : "");
                deliver(up, smtp, to, subj, body, &seq);
                free(subj), free(body);
            }
        const char *alert = !failed ? "on-update-success" : NULL;
        if (failed && has_alert(alerts, "on-update-failure")) alert = "on-update-failure";
        else if (failed && fatal && has_alert(alerts, "on-update-fatal-failure")) alert = "on-update-fatal-failure";
        if (!alert || !has_alert(alerts, alert)) continue;
        StrBuf body = {0};
        sb_printf(&body, "Pipeline '%s', update %s %s.\n\n", up->pipeline_name, up->update_id,
                  failed ? "FAILED" : "COMPLETED");
        for (uint32_t i = 0; i < up->nds; i++) {
            RtDataset *d = &up->ds[i];
            if (d->kind == RK_VIEW) continue;
            static const char *const st[] = {"QUEUED", "STARTING", "RUNNING", "COMPLETED", "FAILED", "SKIPPED", "EXCLUDED", "IDLE"};
            sb_printf(&body, "  %-28s %-10s %lld rows\n", d->name, st[d->state], (long long)d->out_rows);
        }
        char *subj = rt_strdupf("[sluice] %s: update %s", up->pipeline_name, failed ? "FAILED" : "COMPLETED");
        deliver(up, smtp, to, subj, sb_cstr(&body), &seq);
        free(subj);
        sb_free(&body);
    }
}
