/* Command-line helpers shared by the commands: options with a value, --conf. */
#ifndef SLUICE_ARGS_H
#define SLUICE_ARGS_H

#include "frontend.h"

#include <stdbool.h>

/* argv[*i] is `name VALUE` or `name=VALUE`: set *val, advance *i, return true. */
bool args_option(int argc, char **argv, int *i, const char *name, const char **val);
/* Parse "KEY=VALUE" into the front end's configuration; false (reported) if malformed. */
bool args_conf(Frontend *fe, const char *kv);

#endif
