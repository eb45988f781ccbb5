/* The commands of the sluice binary. Each takes argv after the binary name
 * (argv[0] is the command) and returns the exit status: 0 success, 1 the pipeline
 * or its data failed, 2 bad usage or the pipeline does not compile. */
#ifndef SLUICE_CLI_H
#define SLUICE_CLI_H

int cmd_parse(int argc, char **argv);
int cmd_compile(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_graph(int argc, char **argv);

int cmd_run(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_vacuum(int argc, char **argv);

/* Compile SOURCES / --settings (the compile command's options) into a plan for `run`:
 * 0 with *plan (caller frees), or 2 after printing the diagnostics. */
#include <cjson/cJSON.h>
/* Attach the last update's per-dataset status and rows (from STORAGE's event log) to the
 * plan's datasets as "last_update", for the graph page. Nothing when there is no log. */
void graph_attach_metrics(cJSON *plan, const char *storage);
int cli_compile_plan(int argc, char **argv, const char *storage, cJSON **plan);

#endif
