/* Internals of APPLY CHANGES / AUTO CDC flows (rt_cdc*.c): change events, the
 * per-key entities they are merged into, the values helpers and the durable per-key
 * state (last applied sequence, tombstones) kept beside the flow checkpoint. */
#ifndef SLUICE_RT_CDC_H
#define SLUICE_RT_CDC_H

#include "hashmap.h"
#include "rt_internal.h"

enum { CDC_MAX_SEQ = 16 };  // fields of a SEQUENCE BY STRUCT(...)

typedef enum {
    CDC_UPSERT,    // insert or update of the key's row
    CDC_DELETE,    // APPLY AS DELETE WHEN held
    CDC_TRUNCATE,  // APPLY AS TRUNCATE WHEN held (SCD 1): the whole table
} CdcEvKind;

/* One change event or one stored SCD 2 version, values in target column order. */
typedef struct {
    Datum   *vals;       // nsel selected columns
    Datum    seq[CDC_MAX_SEQ];
    Datum    end;        // SCD 2 versions: __END_AT (is_null: current)
    CdcEvKind   kind;
    bool     history;    // rebuilt from the table or state, not new
    uint32_t ord;        // arrival order: ties sort stably
} CdcEvent;

typedef struct {
    char     *key;       // hex of the key values (the map key)
    Datum    *row;       // SCD 1: current row, NULL when absent
    bool      has_seq;   // a sequence was applied for this key
    Datum     seq[CDC_MAX_SEQ];
    bool      deleted;   // the last applied event was a delete (tombstone)
    int64_t   deleted_ms;  // tombstone: when the delete was applied (for its retention)
    CdcEvent   **evs;       // SCD 2 versions then new events; SCD 1 new events
    uint32_t  nevs, cap;
    bool      touched;   // has new events
    bool      stored;    // had rows in the table before this update
} CdcEntity;

typedef struct {
    Update     *up;
    RtFlow     *f;
    Arena       a;
    int         scd;
    bool        ignore_nulls;
    uint32_t    nsel;            // selected columns
    int        *sel;             // query ordinals, in target order
    int        *keypos;          // positions of the keys among the selected columns
    uint32_t    nkeys;
    bool       *tracked;         // per selected column (SCD 2)
    uint32_t    nseq;
    Type        seq_type[CDC_MAX_SEQ];
    ExprState  *seq_st[CDC_MAX_SEQ];
    ExprState  *del_st, *trunc_st;
    HashMap     map;             // key -> CdcEntity
    CdcEntity    **ents;            // in first-seen order
    uint32_t    nents, cap;
    bool        has_trunc;       // a truncate was ever applied (SCD 1)
    Datum       trunc_seq[CDC_MAX_SEQ];
    int64_t     upserted, deleted, nevents;
    bool        rewrite;         // stored rows changed: overwrite, else append the new keys
    char       *state_dir;
} Cdc;

/* ---- values and entities (rt_cdc_state.c) ---- */

int     cdc_datum_cmp(const Datum *x, const Datum *y);    // same non-NULL type: <0, 0, >0
bool    cdc_datum_same(const Datum *x, const Datum *y);   // NULL equals NULL
int     cdc_seq_cmp(const Cdc *c, const Datum *a, const Datum *b);  // field by field
Datum   cdc_datum_keep(Arena *a, Datum d);                // strings copied into a
void    cdc_datum_show(const Datum *d, StrBuf *out);      // as Spark prints it
char   *cdc_key_text(const Cdc *c, const Datum *vals);    // "id=1, region=eu"; caller frees
CdcEntity *cdc_entity(Cdc *c, const Datum *vals);            // by the key columns of vals
CdcEntity *cdc_entity_by_key(Cdc *c, const char *key);       // by encoded key
void    cdc_entity_add(CdcEntity *e, CdcEvent *ev);

/* The state matching the table's committed batch (a pending one whose commit made it
 * is promoted first); written as pending before the table commit, promoted after. */
int cdc_state_load(Cdc *c, int64_t committed, char **err);
int cdc_state_write_pending(Cdc *c, int64_t batch, char **err);
int cdc_state_promote(Cdc *c, char **err);

/* ---- merging (rt_cdc_merge.c) ---- */

int  cdc_sort_events(Cdc *c, CdcEntity *e, char **err);  // two new events, one sequence: error
void cdc_apply_scd1(Cdc *c, CdcEntity *e);               // after cdc_sort_events
int  cdc_apply_scd2(Cdc *c, CdcEntity *e, char **err);
void cdc_apply_truncate(Cdc *c, const Datum *seq);

#endif
