/* Tiny unit-test harness: CHECK(cond) records a failure and goes on; RUN(fn)
 * prints "PASS fn" or "FAIL fn" for the runner to count. */
#ifndef SLUICE_TEST_H
#define SLUICE_TEST_H

#include <stdio.h>
#include <string.h>

static int t_pass, t_fail, t_cur_failed;

#define CHECK(c)                                                                  \
    do {                                                                          \
        if (!(c)) {                                                               \
            printf("  check failed: %s (%s:%d)\n", #c, __FILE__, __LINE__);      \
            t_cur_failed = 1;                                                     \
        }                                                                         \
    } while (0)

#define CHECK_STR(a, b)                                                           \
    do {                                                                          \
        const char *a_ = (a), *b_ = (b);                                          \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                  \
            printf("  check failed: %s == %s\n    got:  %s\n    want: %s\n", #a, #b, \
                   a_ ? a_ : "(null)", b_ ? b_ : "(null)");                       \
            t_cur_failed = 1;                                                     \
        }                                                                         \
    } while (0)

#define RUN(fn)                                                                   \
    do {                                                                          \
        t_cur_failed = 0;                                                         \
        fn();                                                                     \
        printf("%s %s\n", t_cur_failed ? "FAIL" : "PASS", #fn);                   \
        fflush(stdout);                                                           \
        if (t_cur_failed) t_fail++;                                               \
        else t_pass++;                                                            \
    } while (0)

static inline int test_summary(void) { return t_fail ? 1 : 0; }

#endif
