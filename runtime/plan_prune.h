/* Column pruning of a loaded plan: scans read only the columns the operators above
 * them use. The executor applies it to every plan it opens. */
#ifndef SLUICE_PLAN_PRUNE_H
#define SLUICE_PLAN_PRUNE_H

#include "plan_load.h"

/* A pruned copy of root (nodes and expressions in a; untouched parts are shared with
 * root). The root's output columns are kept exactly. */
const PlanNode *plan_prune(const PlanNode *root, Arena *a);

#endif
