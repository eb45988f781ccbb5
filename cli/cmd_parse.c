/* sluice parse FILE...: read notebooks/files and print their syntax trees. */
#include "cli.h"

#include <stdio.h>

int cmd_parse(int argc, char **argv) {
    (void)argc, (void)argv;
    fputs("sluice: parse not implemented yet\n", stderr);
    return 2;
}
