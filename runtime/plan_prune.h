/* Column pruning of a loaded plan: scans read only the columns the operators above
 * them use. The executor applies it to every plan it opens. */
#ifndef SLUICE_PLAN_PRUNE_H
#define SLUICE_PLAN_PRUNE_H

#include "plan_load.h"

/* A pruned copy of root (nodes and expressions in a; untouched parts are shared with
 * root). The root's output columns are kept exactly, and so are those of every node
 * for which keep_whole(ud, node) is true (a view whose rows are checked). */
const PlanNode *plan_prune(const PlanNode *root, Arena *a,
                           bool (*keep_whole)(void *ud, const PlanNode *n), void *ud);

#endif
