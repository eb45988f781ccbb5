/* sluice: the command-line entry point. Dispatches to the cmd_* functions of
 * cli/ (see cli.h); each returns the process exit status (design.md section 1). */
#include "cli.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"parse", cmd_parse, "parse sources and print their syntax trees"},
    {"compile", cmd_compile, "compile sources into a plan file"},
    {"explain", cmd_explain, "show the plan of a plan file or of sources"},
    {"validate", cmd_validate, "check a pipeline without writing data"},
    {"graph", cmd_graph, "draw the dataset graph (dot, mermaid, html)"},
    {"run", cmd_run, "run one pipeline update"},
    {"query", cmd_query, "run SQL over files and the tables of a store"},
    {"events", cmd_events, "print the pipeline event log"},
    {"history", cmd_history, "the commit history of a table (DESCRIBE HISTORY)"},
    {"vacuum", cmd_vacuum, "delete data files a table no longer references"},
    {"init", cmd_init, "write a small runnable example pipeline"},
};

static void usage(FILE *out) {
    fputs("usage: sluice COMMAND [ARGS...]\n\ncommands:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv) {
    // Scans allocate and free megabyte-sized page and chunk buffers per row group and per
    // worker; glibc would hand each to mmap/munmap (or trim it back), and every reuse then
    // pays page faults on fresh pages. Keep such buffers in the heap for reuse instead.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "sluice: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
