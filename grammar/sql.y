/* SQL grammar (Bison): grammar/sql.y -> build/grammar/sql_parse.c. The DLT SQL surface
 * of dlt-language.md section 2: dataset definitions, APPLY CHANGES / AUTO CDC, flows,
 * SET, USE, and Spark's query language. Actions only build AST nodes in the arena
 * (sql_ast.c): no lookups, no I/O. Keywords follow PostgreSQL's scheme: reserved ones
 * never name anything; unreserved ones also serve as identifiers, because columns called
 * date, type, year, comment, keys ... are common. A syntax error skips to the next ';',
 * so one run reports every broken statement. */

%define api.pure full
%define api.prefix {sql_yy}
%define api.token.prefix {TK_}
%define api.location.type {SrcLoc}
%define parse.error custom
%define parse.lac full
%define lr.type ielr
%locations
%param {SqlParser *p}
%expect 0

%code requires {
#include "sql_lex.h"
}

%code {
#include "str.h"

#include <string.h>

#define A (p->arena)

/* First through last non-empty symbol; an empty rule is a point after the symbol
 * before it. */
static SrcLoc rhs_span(const SrcLoc *rhs, int n) {
    int i = 1, j = n;
    while (i < n && rhs[i].len == 0) i++;
    while (j > i && rhs[j].len == 0) j--;
    return src_span(rhs[i], rhs[j]);
}
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                                        \
    do {                                                                                   \
        if (N == 1) (Cur) = YYRHSLOC(Rhs, 1);                                              \
        else if (N) (Cur) = rhs_span(&YYRHSLOC(Rhs, 0), N);                               \
        else (Cur) = (SrcLoc){YYRHSLOC(Rhs, 0).file,                                      \
                              YYRHSLOC(Rhs, 0).off + YYRHSLOC(Rhs, 0).len, 0};            \
    } while (0)

static int sql_yylex(SQL_YYSTYPE *val, SrcLoc *loc, SqlParser *p) { return sql_lex(val, loc, p); }
static void sql_yyerror(const SrcLoc *loc, SqlParser *p, const char *msg);
}

%initial-action { @$ = (SrcLoc){p->file, 0, 0}; }

%union {
    SqlTok            tok;
    SqlIdent          ident;
    SqlIdentList      idents;
    SqlExpr          *expr;
    SqlExprList       exprs;
    SqlRowList        rows;
    SqlQuery         *query;
    SqlSetExpr       *setexpr;
    SqlSelect        *select;
    SqlSelectItem    *item;
    SqlSelectItemList items;
    SqlFrom          *from;
    SqlFromList       froms;
    SqlSort          *sort;
    SqlSortList       sorts;
    SqlCte           *cte;
    SqlCteList        ctes;
    SqlWindow        *window;
    SqlWindowDef     *windef;
    SqlWindowDefList  windefs;
    SqlFrame         *frame;
    SqlFrameBound     bound;
    SqlWhen          *when;
    SqlWhenList       whens;
    SqlType          *type;
    SqlTypeArg       *typearg;
    SqlColumnDef     *coldef;
    SqlCreateDataset *ds;
    SqlApplyChanges  *cdc;
    SqlCreateFlow    *flow;
    SqlProperty      *prop;
    SqlPropertyList   props;
    SqlStmt          *stmt;
    struct {
        SqlColumnDefList       cols;
        SqlExpectationList     exps;
        SqlTableConstraintList cons;
    } *elems;
    SqlTableConstraint *tcons;
    SqlString        *str;
    int               ival;
    struct {
        SqlIdent    *name;
        SqlIdentList cols;
    } alias;
    struct {
        int      kind;
        SqlExpr *value;
    } tt;
}

%token <tok> IDENT "identifier"
%token <tok> STRING "string literal"
%token <tok> NUMBER "number"
%token <tok> INTEGER "integer"
%token <tok> BINARY "binary literal"
%token <tok> UNSUPPORTED "unsupported statement"
%token <tok> SET_RAW "SET value"
%token <tok> IGNORE_NULLS "IGNORE NULLS" RESPECT_NULLS "RESPECT NULLS"
%token <tok> NSEQ "<=>" NE "<>" LE "<=" GE ">=" CONCAT "||" DCOLON "::" ARROW "->"
%token <tok> FAT_ARROW "=>"
%token YYEOF 0 "end of input"
%token <tok> ALL "ALL" ALWAYS "ALWAYS" AND "AND" ANTI "ANTI" APPLY "APPLY" AS "AS" ASC "ASC"
%token <tok> AT "AT" AUTO "AUTO" BETWEEN "BETWEEN" BITEMPORAL "BITEMPORAL" BY "BY"
%token <tok> CASE "CASE" CAST "CAST" CATALOG "CATALOG" CDC "CDC" CHANGES "CHANGES"
%token <tok> CLUSTER "CLUSTER" COLUMNS "COLUMNS" COMMENT "COMMENT" CONSTRAINT "CONSTRAINT"
%token <tok> CREATE "CREATE" CRON "CRON" CROSS "CROSS" CURRENT "CURRENT" DATABASE "DATABASE"
%token <tok> DATE "DATE" DAY "DAY" DAYS "DAYS" DEFAULT "DEFAULT" DELETE "DELETE" DESC "DESC"
%token <tok> DISTINCT "DISTINCT" DIV "DIV" DROP "DROP" ELSE "ELSE" END "END" ESCAPE "ESCAPE"
%token <tok> EVERY "EVERY" EXCEPT "EXCEPT" EXCLUDE "EXCLUDE" EXISTS "EXISTS" EXPECT "EXPECT"
%token <tok> EXTRACT "EXTRACT" FAIL "FAIL" FALSE "FALSE" FILTER "FILTER" FIRST "FIRST"
%token <tok> FLOW "FLOW" FOLLOWING "FOLLOWING" FOR "FOR" FOREIGN "FOREIGN" FROM "FROM"
%token <tok> FULL "FULL" GENERATED "GENERATED" GROUP "GROUP" HAVING "HAVING"
%token <tok> HISTORY "HISTORY" HOUR "HOUR" HOURS "HOURS" IDENTITY "IDENTITY" IF "IF"
%token <tok> IGNORE "IGNORE" ILIKE "ILIKE" IN "IN" INCLUDE "INCLUDE"
%token <tok> INCREMENTAL "INCREMENTAL" INNER "INNER" INSERT "INSERT" INTERSECT "INTERSECT"
%token <tok> INTERVAL "INTERVAL" INTO "INTO" IS "IS" JOIN "JOIN" KEY "KEY" KEYS "KEYS"
%token <tok> LAST "LAST" LATERAL "LATERAL" LEFT "LEFT" LIKE "LIKE" LIMIT "LIMIT" LIVE "LIVE"
%token <tok> LOCATION "LOCATION" MASK "MASK" MATERIALIZED "MATERIALIZED"
%token <tok> MICROSECOND "MICROSECOND" MICROSECONDS "MICROSECONDS" MILLISECOND "MILLISECOND"
%token <tok> MILLISECONDS "MILLISECONDS" MINUS "MINUS" MINUTE "MINUTE" MINUTES "MINUTES"
%token <tok> MONTH "MONTH" MONTHS "MONTHS" MOST "MOST" NAME "NAME" NATURAL "NATURAL"
%token <tok> NONE "NONE" NOT "NOT" NULL "NULL" NULLS "NULLS" OF "OF" OFFSET "OFFSET" ON "ON"
%token <tok> ONCE "ONCE" OPTIONS "OPTIONS" OR "OR" ORDER "ORDER" OUTER "OUTER" OVER "OVER"
%token <tok> PARTITION "PARTITION" PARTITIONED "PARTITIONED" PIVOT "PIVOT"
%token <tok> PRECEDING "PRECEDING" PRIMARY "PRIMARY" PRIVATE "PRIVATE" QUALIFY "QUALIFY"
%token <tok> RANGE "RANGE" REFERENCES "REFERENCES" REFRESH "REFRESH" REGEXP "REGEXP"
%token <tok> RESPECT "RESPECT" RIGHT "RIGHT" RLIKE "RLIKE" ROW "ROW" ROWS "ROWS" SCD "SCD"
%token <tok> SCHEDULE "SCHEDULE" SCHEMA "SCHEMA" SECOND "SECOND" SECONDS "SECONDS"
%token <tok> SELECT "SELECT" SEMI "SEMI" SEQUENCE "SEQUENCE" SET "SET" STORED "STORED"
%token <tok> STREAM "STREAM" STREAMING "STREAMING" SYSTEM "SYSTEM" TABLE "TABLE"
%token <tok> TBLPROPERTIES "TBLPROPERTIES" TEMPORARY "TEMPORARY" THEN "THEN" TIME "TIME"
%token <tok> TIMESTAMP "TIMESTAMP" TIMESTAMP_LTZ "TIMESTAMP_LTZ"
%token <tok> TIMESTAMP_NTZ "TIMESTAMP_NTZ" TO "TO" TRACK "TRACK" TRIGGER "TRIGGER"
%token <tok> TRUE "TRUE" TRUNCATE "TRUNCATE" TRY_CAST "TRY_CAST" TYPE "TYPE"
%token <tok> UNBOUNDED "UNBOUNDED" UNION "UNION" UNPIVOT "UNPIVOT" UPDATE "UPDATE"
%token <tok> UPDATES "UPDATES" USE "USE" USING "USING" VALUES "VALUES" VERSION "VERSION"
%token <tok> VIEW "VIEW" VIOLATION "VIOLATION" WEEK "WEEK" WEEKS "WEEKS" WHEN "WHEN"
%token <tok> WHERE "WHERE" WINDOW "WINDOW" WITH "WITH" YEAR "YEAR" YEARS "YEARS" ZONE "ZONE"

/* Lowest first. LOWEST, BY/ONCE, NULLS_AFTER and ',' settle the few real ambiguities
 * (marked %prec where they are used); the rest is Spark's operator precedence. */
%precedence LOWEST
%precedence BY
%precedence ONCE
%precedence IGNORE_NULLS RESPECT_NULLS
%precedence NULLS_AFTER
%precedence ','
%left UNION EXCEPT MINUS
%left INTERSECT
%left OR
%left AND
%precedence NOT
%left '=' NE '<' '>' LE GE NSEQ
%left '|'
%left '^'
%left '&'
%left '+' '-' CONCAT
%left '*' '/' '%' DIV
%precedence UMINUS '~'
%precedence ')'

%type <stmt> stmt create_dataset cdc_stmt create_flow set_stmt use_stmt
%type <ds> ds_head ds_decl
%type <ival> ds_kind ds_form opt_or_refresh join_type set_quant opt_all_distinct opt_violation
%type <ival> opt_by_name opt_asc_desc opt_nulls_order like_op opt_nulls_inner opt_nulls_after
%type <ival> opt_unpivot_nulls
%type <elems> table_element_list
%type <coldef> column_def
%type <tcons> table_constraint
%type <type> data_type simple_type opt_data_type
%type <typearg> type_args type_arg
%type <tok> type_name unit interval_num interval_unsigned
%type <props> prop_list
%type <prop> prop
%type <tok> prop_key prop_value
%type <cdc> cdc_clauses
%type <flow> flow_body
%type <str> opt_flow_comment
%type <ident> ident rel_ident col_label bare_alias
%type <tok> unreserved_keyword unreserved_keyword_nostream reserved_keyword bare_alias_keyword
%type <idents> ident_list qualified_name rel_name columnref opt_alias_cols lv_cols func_name
%type <idents> bare_lv_cols
%type <alias> opt_table_alias values_alias table_alias lv_alias
%type <tt> time_travel
%type <ival> opt_field_not_null
%type <idents> pivot_for unpivot_cols
%type <query> SelectStmt select_with_parens select_no_parens
%type <setexpr> simple_select select_clause
%type <items> target_list pivot_list
%type <item> target_el pivot_item
%type <expr> star a_expr b_expr c_expr primary primary_nn literal strings func_expr func_app
%type <expr> func_arg case_expr opt_case_arg opt_else interval interval_parts json_access
%type <expr> where_clause having_clause qualify_clause opt_filter limit_value group_item grouping_set
%type <exprs> expr_list func_arg_list opt_partition group_list grouping_sets
%type <rows> values_rows
%type <froms> from_clause from_list
%type <from> from_item table_primary relation relation_in_stream
%type <sorts> sort_clause opt_sort_clause sortby_list
%type <sort> sortby
%type <ctes> with_clause cte_list
%type <cte> cte
%type <window> window_spec opt_over
%type <windefs> window_clause window_def_list
%type <windef> window_def
%type <frame> opt_frame
%type <bound> frame_bound
%type <whens> when_list
%type <when> when_clause
%type <select> group_clause_holder

%%
/* ---------------------------------------------------------------- script */

script:
    stmt_list final_stmt
    ;

stmt_list:
    %empty
  | stmt_list opt_stmt ';'
  | stmt_list error ';'             { yyerrok; }
  ;

final_stmt:
    opt_stmt
  | error
  ;

opt_stmt:
    %empty
  | stmt                            { sql_add_stmt(p, $1); }
  ;

stmt:
    create_dataset
  | cdc_stmt
  | create_flow
  | set_stmt
  | use_stmt
  | UNSUPPORTED
      {
        $$ = sql_stmt_new(p, SQL_STMT_UNSUPPORTED, @$);
        $$->unsupported.what = $1.s;
      }
  ;

/* ---------------------------------------------------------------- datasets */

/* CREATE [OR REFRESH] [PRIVATE | TEMPORARY] kind [IF NOT EXISTS] name
 *   [( elements )] { table_clause } [AS query | FLOW AUTO CDC cdc_clauses] */
create_dataset:
    ds_decl
      {
        $$ = sql_stmt_new(p, SQL_STMT_CREATE_DATASET, @$);
        $$->create = $1;
      }
  | ds_decl AS SelectStmt
      {
        $$ = sql_stmt_new(p, SQL_STMT_CREATE_DATASET, @$);
        $$->create = $1;
        $1->query = $3;
      }
  | ds_decl FLOW AUTO CDC cdc_clauses
      {
        $$ = sql_stmt_new(p, SQL_STMT_CREATE_DATASET, @$);
        $$->create = $1;
        $1->flow_cdc = $5;
        $5->auto_cdc = true;
        $5->loc = src_span(@2, @5);
      }
  ;

ds_head:
    CREATE opt_or_refresh ds_kind qualified_name
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->or_refresh = $2;
        sql_set_dataset_kind($$, $3 >> 4, $3 & 15);
        $$->name = sql_check_name(p, $4, "dataset");
      }
  | CREATE opt_or_refresh ds_kind IF NOT EXISTS qualified_name
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->or_refresh = $2;
        $$->if_not_exists = true;
        sql_set_dataset_kind($$, $3 >> 4, $3 & 15);
        $$->name = sql_check_name(p, $7, "dataset");
      }
  ;

opt_or_refresh:
    %empty                          { $$ = 0; }
  | OR REFRESH                      { $$ = 1; }
  ;

/* prefix << 4 | form */
ds_kind:
    ds_form                         { $$ = SQL_PREFIX_NONE << 4 | $1; }
  | PRIVATE ds_form                 { $$ = SQL_PREFIX_PRIVATE << 4 | $2; }
  | TEMPORARY ds_form               { $$ = SQL_PREFIX_TEMPORARY << 4 | $2; }
  ;

ds_form:
    STREAMING TABLE                 { $$ = SQL_FORM_STREAMING_TABLE; }
  | STREAMING LIVE TABLE            { $$ = SQL_FORM_STREAMING_LIVE_TABLE; }
  | INCREMENTAL LIVE TABLE          { $$ = SQL_FORM_INCREMENTAL_LIVE_TABLE; }
  | MATERIALIZED VIEW               { $$ = SQL_FORM_MATERIALIZED_VIEW; }
  | LIVE TABLE                      { $$ = SQL_FORM_LIVE_TABLE; }
  | LIVE VIEW                       { $$ = SQL_FORM_LIVE_VIEW; }
  | STREAMING LIVE VIEW             { $$ = SQL_FORM_STREAMING_LIVE_VIEW; }
  | VIEW                            { $$ = SQL_FORM_VIEW; }
  ;

/* The element list and the table clauses, in any order (each at most once). */
ds_decl:
    ds_head
  | ds_decl '(' table_element_list ')'
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_ELEMENTS, src_span(@2, @4));
        $$->has_elements = true;
        $$->columns = $3->cols;
        $$->expectations = $3->exps;
        $$->constraints = $3->cons;
      }
  | ds_decl USING ident
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_USING, src_span(@2, @3));
        $$->using_ = sql_ident_new(p, $3);
      }
  | ds_decl PARTITIONED BY '(' ident_list ')'
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_PARTITIONED, src_span(@2, @6));
        $$->partitioned_by = $5;
      }
  | ds_decl CLUSTER BY '(' ident_list ')'
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_CLUSTER, src_span(@2, @6));
        $$->cluster = SQL_CLUSTER_COLUMNS;
        $$->cluster_by = $5;
      }
  | ds_decl CLUSTER BY AUTO
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_CLUSTER, src_span(@2, @4));
        $$->cluster = SQL_CLUSTER_AUTO;
      }
  | ds_decl CLUSTER BY NONE
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_CLUSTER, src_span(@2, @4));
        $$->cluster = SQL_CLUSTER_NONE;
      }
  | ds_decl LOCATION STRING
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_LOCATION, src_span(@2, @3));
        $$->location = sql_string(p, $3, @3);
      }
  | ds_decl COMMENT STRING
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_COMMENT, src_span(@2, @3));
        $$->comment = sql_string(p, $3, @3);
      }
  | ds_decl TBLPROPERTIES '(' prop_list ')'
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_TBLPROPERTIES, src_span(@2, @5));
        $$->properties = $4;
      }
  | ds_decl OPTIONS '(' prop_list ')'
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_OPTIONS, src_span(@2, @5));
        $$->options = $4;
      }
  | ds_decl WITH ROW FILTER qualified_name ON '(' ')'
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_ROW_FILTER, src_span(@2, @8));
        $$->row_filter = arena_alloc(A, sizeof *$$->row_filter);
        *$$->row_filter = $5;
      }
  | ds_decl WITH ROW FILTER qualified_name ON '(' ident_list ')'
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_ROW_FILTER, src_span(@2, @9));
        $$->row_filter = arena_alloc(A, sizeof *$$->row_filter);
        *$$->row_filter = $5;
        $$->row_filter_cols = $8;
      }
  | ds_decl SCHEDULE schedule_spec
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_SCHEDULE, src_span(@2, @3));
      }
  | ds_decl TRIGGER ON UPDATE
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_TRIGGER, src_span(@2, @4));
      }
  | ds_decl TRIGGER ON UPDATE AT MOST EVERY interval
      {
        $$ = $1;
        sql_ddl_clause(p, $$, SQL_TC_TRIGGER, src_span(@2, @8));
      }
  ;

/* SCHEDULE [REFRESH] EVERY n unit | CRON 'expr' [AT TIME ZONE 'tz']: accepted, ignored */
schedule_spec:
    opt_refresh EVERY INTEGER unit
  | opt_refresh CRON STRING
  | opt_refresh CRON STRING AT TIME ZONE STRING
  ;

opt_refresh:
    %empty
  | REFRESH
  ;

table_element_list:
    column_def
      {
        $$ = arena_alloc(A, sizeof *$$);
        sql_coldef_push(A, &$$->cols, $1);
      }
  | CONSTRAINT ident EXPECT '(' a_expr ')' opt_violation
      {
        $$ = arena_alloc(A, sizeof *$$);
        SqlExpectation *e = arena_alloc(A, sizeof *e);
        *e = (SqlExpectation){$2, $5, $7, @$};
        sql_expect_push(A, &$$->exps, e);
      }
  | table_constraint
      {
        $$ = arena_alloc(A, sizeof *$$);
        sql_tcons_push(A, &$$->cons, $1);
      }
  | table_element_list ',' column_def
      {
        $$ = $1;
        sql_coldef_push(A, &$$->cols, $3);
      }
  | table_element_list ',' CONSTRAINT ident EXPECT '(' a_expr ')' opt_violation
      {
        $$ = $1;
        SqlExpectation *e = arena_alloc(A, sizeof *e);
        *e = (SqlExpectation){$4, $7, $9, src_span(@3, @9)};
        sql_expect_push(A, &$$->exps, e);
      }
  | table_element_list ',' table_constraint
      {
        $$ = $1;
        sql_tcons_push(A, &$$->cons, $3);
      }
  ;

opt_violation:
    %empty                          { $$ = SQL_VIOLATION_WARN; }
  | ON VIOLATION DROP ROW           { $$ = SQL_VIOLATION_DROP; }
  | ON VIOLATION FAIL UPDATE        { $$ = SQL_VIOLATION_FAIL; }
  ;

/* [CONSTRAINT name] PRIMARY KEY (cols) | FOREIGN KEY (cols) REFERENCES t [(cols)] */
table_constraint:
    PRIMARY KEY '(' ident_list ')'
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->kind = SQL_TC_PRIMARY_KEY;
        $$->cols = $4;
        $$->loc = @$;
      }
  | FOREIGN KEY '(' ident_list ')' REFERENCES qualified_name opt_alias_cols
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->kind = SQL_TC_FOREIGN_KEY;
        $$->cols = $4;
        $$->ref_table = $7;
        $$->ref_cols = $8;
        $$->loc = @$;
      }
  | CONSTRAINT ident table_constraint
      {
        $$ = $3;
        $$->name = sql_ident_new(p, $2);
        $$->loc = @$;
      }
  ;

/* name [type] { NOT NULL | GENERATED ... | DEFAULT e | COMMENT 's' | MASK f | PRIMARY KEY } */
column_def:
    ident opt_data_type
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->name = $1;
        $$->type = $2;
        $$->loc = @$;
      }
  | column_def NOT NULL             { $$ = $1; $$->not_null = true; $$->loc = @$; }
  | column_def GENERATED ALWAYS AS '(' a_expr ')'
      { $$ = $1; $$->generated = $6; $$->loc = @$; }
  | column_def GENERATED ALWAYS AS IDENTITY
      { $$ = $1; $$->identity = true; $$->loc = @$; }
  | column_def GENERATED BY DEFAULT AS IDENTITY
      { $$ = $1; $$->identity = true; $$->loc = @$; }
  | column_def DEFAULT b_expr       { $$ = $1; $$->default_ = $3; $$->loc = @$; }
  | column_def COMMENT STRING       { $$ = $1; $$->comment = sql_string(p, $3, @3); $$->loc = @$; }
  | column_def MASK qualified_name
      {
        $$ = $1;
        $$->mask = arena_alloc(A, sizeof *$$->mask);
        *$$->mask = $3;
        $$->loc = @$;
      }
  | column_def MASK qualified_name USING COLUMNS '(' ident_list ')'
      {
        $$ = $1;
        $$->mask = arena_alloc(A, sizeof *$$->mask);
        *$$->mask = $3;
        $$->mask_using = $7;
        $$->loc = @$;
      }
  | column_def PRIMARY KEY          { $$ = $1; $$->primary_key = true; $$->loc = @$; }
  ;

opt_data_type:
    %empty                          { $$ = NULL; }
  | data_type
  ;

prop_list:
    prop                            { $$ = (SqlPropertyList){0}; sql_prop_push(A, &$$, $1); }
  | prop_list ',' prop              { $$ = $1; sql_prop_push(A, &$$, $3); }
  ;

/* key [=] value: key 'k' or bare dotted words; value a literal */
prop:
    prop_key opt_eq prop_value
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->key = arena_strndup(A, $1.s, $1.n);
        $$->value = arena_strndup(A, $3.s, $3.n);
        $$->loc = @$;
      }
  ;

prop_key:
    STRING
  | col_label                       { $$ = (SqlTok){.s = $1.name, .n = (uint32_t)strlen($1.name)}; }
  | prop_key '.' col_label
      {
        const char *s = arena_printf(A, "%.*s.%s", (int)$1.n, $1.s, $3.name);
        $$ = (SqlTok){.s = s, .n = (uint32_t)strlen(s)};
      }
  ;

opt_eq:
    %empty
  | '='
  ;

prop_value:
    STRING
  | INTEGER
  | NUMBER                          { $$ = $1; $$.n = @1.len; }
  | TRUE                            { $$ = (SqlTok){.s = "true", .n = 4}; }
  | FALSE                           { $$ = (SqlTok){.s = "false", .n = 5}; }
  | '-' INTEGER
      {
        $$.s = arena_printf(A, "-%.*s", (int)$2.n, $2.s);
        $$.n = $2.n + 1;
      }
  | '-' NUMBER
      {
        $$.s = arena_printf(A, "-%.*s", (int)@2.len, $2.s);
        $$.n = @2.len + 1;
      }
  ;

/* ---------------------------------------------------------------- CDC */

cdc_stmt:
    APPLY CHANGES INTO qualified_name cdc_clauses
      {
        $$ = sql_stmt_new(p, SQL_STMT_APPLY_CHANGES, @$);
        $$->cdc = $5;
        $5->target = sql_check_name(p, $4, "target");
        $5->target_live = sql_strip_live(&$5->target);
        $5->loc = @$;
      }
  | AUTO CDC INTO qualified_name cdc_clauses
      {
        $$ = sql_stmt_new(p, SQL_STMT_APPLY_CHANGES, @$);
        $$->cdc = $5;
        $5->auto_cdc = true;
        $5->target = sql_check_name(p, $4, "target");
        $5->target_live = sql_strip_live(&$5->target);
        $5->loc = @$;
      }
  ;

/* The clauses of APPLY CHANGES, in any order (each at most once). */
cdc_clauses:
    %empty                          { $$ = arena_alloc(A, sizeof *$$); }
  | cdc_clauses FROM relation
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_FROM, src_span(@2, @3));
        $$->source = $3;
      }
  | cdc_clauses KEYS '(' ident_list ')'
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_KEYS, src_span(@2, @5));
        $$->keys = $4;
      }
  | cdc_clauses WHERE a_expr
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_WHERE, src_span(@2, @3));
        $$->where = $3;
      }
  | cdc_clauses IGNORE NULL UPDATES
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_IGNORE_NULL_UPDATES, src_span(@2, @4));
        $$->ignore_null_updates = true;
      }
  | cdc_clauses IGNORE NULL UPDATES ON '(' ident_list ')'
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_IGNORE_NULL_UPDATES, src_span(@2, @8));
        $$->ignore_null_updates = true;
        $$->ignore_null_cols = $7;
      }
  | cdc_clauses APPLY AS DELETE WHEN a_expr
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_DELETE_WHEN, src_span(@2, @6));
        $$->delete_when = $6;
      }
  | cdc_clauses APPLY AS TRUNCATE WHEN a_expr
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_TRUNCATE_WHEN, src_span(@2, @6));
        $$->truncate_when = $6;
      }
  | cdc_clauses SEQUENCE BY a_expr
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_SEQUENCE_BY, src_span(@2, @4));
        $$->sequence_by = $4;
      }
  | cdc_clauses SYSTEM SEQUENCE BY a_expr
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_SYSTEM_SEQUENCE_BY, src_span(@2, @5));
        $$->system_sequence_by = $5;
      }
  | cdc_clauses COLUMNS '(' ident_list ')'
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_COLUMNS, src_span(@2, @5));
        $$->columns_mode = SQL_COLS_LIST;
        $$->columns = $4;
      }
  | cdc_clauses COLUMNS '*' EXCEPT '(' ident_list ')'
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_COLUMNS, src_span(@2, @7));
        $$->columns_mode = SQL_COLS_EXCEPT;
        $$->columns = $6;
      }
  | cdc_clauses COLUMNS TO UPDATE ident_list %prec LOWEST
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_COLUMNS_TO_UPDATE, src_span(@2, @5));
        $$->columns_to_update = $5;
      }
  | cdc_clauses COLUMNS TO UPDATE '(' ident_list ')'
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_COLUMNS_TO_UPDATE, src_span(@2, @7));
        $$->columns_to_update = $6;
      }
  | cdc_clauses STORED AS SCD TYPE INTEGER
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_STORED_AS, src_span(@2, @6));
        if ($6.n == 1 && ($6.s[0] == '1' || $6.s[0] == '2'))
            $$->stored_as = $6.s[0] == '1' ? SQL_STORED_SCD1 : SQL_STORED_SCD2;
        else
            sql_error(p, @6, "SCD type must be 1 or 2");
      }
  | cdc_clauses STORED AS BITEMPORAL
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_STORED_AS, src_span(@2, @4));
        $$->stored_as = SQL_STORED_BITEMPORAL;
      }
  | cdc_clauses TRACK HISTORY ON '(' ident_list ')'
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_TRACK_HISTORY, src_span(@2, @7));
        $$->track_mode = SQL_COLS_LIST;
        $$->track_history = $6;
      }
  | cdc_clauses TRACK HISTORY ON '*' EXCEPT '(' ident_list ')'
      {
        $$ = $1;
        sql_cdc_clause(p, $$, SQL_CDC_TRACK_HISTORY, src_span(@2, @9));
        $$->track_mode = SQL_COLS_EXCEPT;
        $$->track_history = $8;
      }
  ;

/* ---------------------------------------------------------------- flows, SET, USE */

create_flow:
    CREATE opt_or_refresh FLOW ident opt_flow_comment AS flow_body
      {
        $$ = sql_stmt_new(p, SQL_STMT_CREATE_FLOW, @$);
        $$->flow = $7;
        $7->name = $4;
        $7->or_refresh = $2;
        $7->comment = $5;
      }
  ;

opt_flow_comment:
    %empty                          { $$ = NULL; }
  | COMMENT STRING                  { $$ = sql_string(p, $2, @2); }
  ;

flow_body:
    INSERT INTO qualified_name opt_by_name SelectStmt
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->target = sql_check_name(p, $3, "target");
        $$->target_live = sql_strip_live(&$$->target);
        $$->by_name = $4;
        $$->query = $5;
      }
  | INSERT INTO ONCE qualified_name opt_by_name SelectStmt
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->once = true;
        $$->target = sql_check_name(p, $4, "target");
        $$->target_live = sql_strip_live(&$$->target);
        $$->by_name = $5;
        $$->query = $6;
      }
  | INSERT ONCE INTO qualified_name opt_by_name SelectStmt
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->once = true;
        $$->target = sql_check_name(p, $4, "target");
        $$->target_live = sql_strip_live(&$$->target);
        $$->by_name = $5;
        $$->query = $6;
      }
  | AUTO CDC INTO qualified_name cdc_clauses
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->cdc = $5;
        $5->auto_cdc = true;
        $5->target = sql_check_name(p, $4, "target");
        $5->target_live = sql_strip_live(&$5->target);
        $5->loc = @$;
      }
  | AUTO CDC ONCE INTO qualified_name cdc_clauses
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->cdc = $6;
        $$->once = true;
        $6->auto_cdc = true;
        $6->once = true;
        $6->target = sql_check_name(p, $5, "target");
        $6->target_live = sql_strip_live(&$6->target);
        $6->loc = @$;
      }
  | APPLY CHANGES INTO qualified_name cdc_clauses
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->cdc = $5;
        $5->target = sql_check_name(p, $4, "target");
        $5->target_live = sql_strip_live(&$5->target);
        $5->loc = @$;
      }
  ;

opt_by_name:
    %empty                          { $$ = 0; }
  | BY NAME                         { $$ = 1; }
  ;

set_stmt:
    SET                             { $$ = sql_set_stmt(p, (SqlTok){.s = "", .n = 0}, @$); }
  | SET SET_RAW                     { $$ = sql_set_stmt(p, $2, @$); }
  ;

use_stmt:
    USE qualified_name
      {
        $$ = sql_stmt_new(p, SQL_STMT_USE, @$);
        $$->use.kind = SQL_USE_DEFAULT;
        $$->use.name = $2;
      }
  | USE CATALOG qualified_name
      {
        $$ = sql_stmt_new(p, SQL_STMT_USE, @$);
        $$->use.kind = SQL_USE_CATALOG;
        $$->use.name = $3;
      }
  | USE SCHEMA qualified_name
      {
        $$ = sql_stmt_new(p, SQL_STMT_USE, @$);
        $$->use.kind = SQL_USE_SCHEMA;
        $$->use.name = $3;
      }
  | USE DATABASE qualified_name
      {
        $$ = sql_stmt_new(p, SQL_STMT_USE, @$);
        $$->use.kind = SQL_USE_DATABASE;
        $$->use.name = $3;
      }
  ;

/* ---------------------------------------------------------------- queries */

/* query := [WITH ctes] body {set_op body} [ORDER BY ..] [LIMIT n] [OFFSET m]
 * (structured as PostgreSQL's gram.y, which keeps ((SELECT ..)) unambiguous) */
SelectStmt:
    select_no_parens
  | select_with_parens
  ;

select_with_parens:
    '(' select_no_parens ')'        { $$ = $2; }
  | '(' select_with_parens ')'      { $$ = $2; }
  ;

select_no_parens:
    simple_select                   { $$ = sql_query_new(p, $1, @$); }
  | select_clause sort_clause
      { $$ = sql_query_tail(p, sql_query_new(p, $1, @$), &$2, NULL, NULL); }
  | select_clause opt_sort_clause LIMIT limit_value
      { $$ = sql_query_tail(p, sql_query_new(p, $1, @$), &$2, $4, NULL); }
  | select_clause opt_sort_clause LIMIT limit_value OFFSET a_expr
      { $$ = sql_query_tail(p, sql_query_new(p, $1, @$), &$2, $4, $6); }
  | select_clause opt_sort_clause OFFSET a_expr
      { $$ = sql_query_tail(p, sql_query_new(p, $1, @$), &$2, NULL, $4); }
  | with_clause select_clause
      {
        $$ = sql_query_new(p, $2, @$);
        $$->ctes = $1;
      }
  | with_clause select_clause sort_clause
      {
        $$ = sql_query_tail(p, sql_query_new(p, $2, @$), &$3, NULL, NULL);
        $$->ctes = $1;
      }
  | with_clause select_clause opt_sort_clause LIMIT limit_value
      {
        $$ = sql_query_tail(p, sql_query_new(p, $2, @$), &$3, $5, NULL);
        $$->ctes = $1;
      }
  | with_clause select_clause opt_sort_clause LIMIT limit_value OFFSET a_expr
      {
        $$ = sql_query_tail(p, sql_query_new(p, $2, @$), &$3, $5, $7);
        $$->ctes = $1;
      }
  | with_clause select_clause opt_sort_clause OFFSET a_expr
      {
        $$ = sql_query_tail(p, sql_query_new(p, $2, @$), &$3, NULL, $5);
        $$->ctes = $1;
      }
  ;

select_clause:
    simple_select
  | select_with_parens              { $$ = sql_setexpr_from_query(p, $1); }
  ;

simple_select:
    SELECT opt_all_distinct target_list from_clause where_clause group_clause_holder
      having_clause qualify_clause window_clause
      {
        SqlSelect *s = $6;
        s->distinct = $2;
        s->items = $3;
        s->from = $4;
        s->where = $5;
        s->having = $7;
        s->qualify = $8;
        s->windows = $9;
        s->loc = @$;
        $$ = arena_alloc(A, sizeof *$$);
        $$->kind = SQL_SET_SELECT;
        $$->loc = @$;
        $$->select = s;
      }
  | VALUES values_rows
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->kind = SQL_SET_VALUES;
        $$->loc = @$;
        $$->values = $2;
      }
  | select_clause UNION set_quant select_clause
      { $$ = sql_setop(p, SQL_UNION, $3, $1, $4, @$); }
  | select_clause INTERSECT set_quant select_clause
      { $$ = sql_setop(p, SQL_INTERSECT, $3, $1, $4, @$); }
  | select_clause EXCEPT set_quant select_clause
      { $$ = sql_setop(p, SQL_EXCEPT, $3, $1, $4, @$); }
  | select_clause MINUS set_quant select_clause
      { $$ = sql_setop(p, SQL_EXCEPT, $3, $1, $4, @$); }
  ;

set_quant:
    %empty                          { $$ = 0; }
  | ALL                             { $$ = 1; }
  | DISTINCT                        { $$ = 0; }
  ;

opt_all_distinct:
    %empty                          { $$ = 0; }
  | ALL                             { $$ = 0; }
  | DISTINCT                        { $$ = 1; }
  ;

with_clause:
    WITH cte_list                   { $$ = $2; }
  ;

cte_list:
    cte                             { $$ = (SqlCteList){0}; sql_cte_push(A, &$$, $1); }
  | cte_list ',' cte                { $$ = $1; sql_cte_push(A, &$$, $3); }
  ;

/* name [(cols)] [AS] (query) */
cte:
    ident AS select_with_parens
      {
        $$ = arena_alloc(A, sizeof *$$);
        *$$ = (SqlCte){.name = $1, .query = $3, .loc = @$};
      }
  | ident select_with_parens
      {
        $$ = arena_alloc(A, sizeof *$$);
        *$$ = (SqlCte){.name = $1, .query = $2, .loc = @$};
      }
  | ident '(' ident_list ')' AS select_with_parens
      {
        $$ = arena_alloc(A, sizeof *$$);
        *$$ = (SqlCte){.name = $1, .cols = $3, .query = $6, .loc = @$};
      }
  | ident '(' ident_list ')' select_with_parens
      {
        $$ = arena_alloc(A, sizeof *$$);
        *$$ = (SqlCte){.name = $1, .cols = $3, .query = $5, .loc = @$};
      }
  ;

target_list:
    target_el                       { $$ = (SqlSelectItemList){0}; sql_item_push(A, &$$, $1); }
  | target_list ',' target_el       { $$ = $1; sql_item_push(A, &$$, $3); }
  ;

target_el:
    a_expr                          { $$ = sql_item(p, $1, NULL, @$); }
  | a_expr AS col_label             { $$ = sql_item(p, $1, sql_ident_new(p, $3), @$); }
  | a_expr bare_alias               { $$ = sql_item(p, $1, sql_ident_new(p, $2), @$); }
  | a_expr AS '(' ident_list ')'
      {
        $$ = sql_item(p, $1, NULL, @$);
        $$->aliases = $4;
      }
  | star                            { $$ = sql_item(p, $1, NULL, @$); }
  ;

/* *, t.*, * EXCEPT (cols) */
star:
    '*' %prec LOWEST                { $$ = sql_star(p, NULL, NULL, @$); }
  | '*' EXCEPT '(' ident_list ')'   { $$ = sql_star(p, NULL, &$4, @$); }
  | columnref '.' '*' %prec LOWEST  { $$ = sql_star(p, &$1, NULL, @$); }
  | columnref '.' '*' EXCEPT '(' ident_list ')' { $$ = sql_star(p, &$1, &$6, @$); }
  ;

from_clause:
    %empty                          { $$ = (SqlFromList){0}; }
  | FROM from_list                  { $$ = $2; }
  ;

from_list:
    from_item                       { $$ = (SqlFromList){0}; sql_from_push(A, &$$, $1); }
  | from_list ',' from_item         { $$ = $1; sql_from_push(A, &$$, $3); }
  ;

from_item:
    table_primary
  | from_item join_type JOIN table_primary
      { $$ = sql_join(p, $1, $2, false, $4, @$); }
  | from_item join_type JOIN table_primary ON a_expr
      {
        $$ = sql_join(p, $1, $2, false, $4, @$);
        $$->join.on = $6;
      }
  | from_item join_type JOIN table_primary USING '(' ident_list ')'
      {
        $$ = sql_join(p, $1, $2, false, $4, @$);
        $$->join.using_ = $7;
        $$->join.has_using = true;
      }
  | from_item NATURAL join_type JOIN table_primary
      { $$ = sql_join(p, $1, $3, true, $5, @$); }
  | from_item CROSS JOIN table_primary
      { $$ = sql_join(p, $1, SQL_JOIN_CROSS, false, $4, @$); }
  | from_item LATERAL VIEW func_app lv_alias
      {
        $$ = sql_from_new(p, SQL_FROM_LATERAL_VIEW, @$);
        $$->lateral.child = $1;
        $$->lateral.gen = $4;
        $$->alias = $5.name;
        $$->alias_cols = $5.cols;
      }
  | from_item LATERAL VIEW OUTER func_app lv_alias
      {
        $$ = sql_from_new(p, SQL_FROM_LATERAL_VIEW, @$);
        $$->lateral.child = $1;
        $$->lateral.gen = $5;
        $$->lateral.outer = true;
        $$->alias = $6.name;
        $$->alias_cols = $6.cols;
      }
  | from_item PIVOT '(' pivot_list FOR pivot_for IN '(' pivot_list ')' ')' opt_table_alias
      {
        $$ = sql_from_new(p, SQL_FROM_PIVOT, @$);
        $$->pivot.child = $1;
        $$->pivot.aggs = $4;
        $$->pivot.for_cols = $6;
        $$->pivot.values = $9;
        $$->alias = $12.name;
        $$->alias_cols = $12.cols;
      }
  | from_item UNPIVOT opt_unpivot_nulls '(' unpivot_cols FOR ident IN '(' pivot_list ')' ')'
      opt_table_alias
      {
        $$ = sql_from_new(p, SQL_FROM_UNPIVOT, @$);
        $$->unpivot.child = $1;
        $$->unpivot.include_nulls = $3;
        $$->unpivot.value_cols = $5;
        $$->unpivot.name_col = $7;
        $$->unpivot.cols = $10;
        $$->alias = $13.name;
        $$->alias_cols = $13.cols;
      }
  ;

join_type:
    %empty                          { $$ = SQL_JOIN_INNER; }
  | INNER                           { $$ = SQL_JOIN_INNER; }
  | LEFT                            { $$ = SQL_JOIN_LEFT; }
  | LEFT OUTER                      { $$ = SQL_JOIN_LEFT; }
  | RIGHT                           { $$ = SQL_JOIN_RIGHT; }
  | RIGHT OUTER                     { $$ = SQL_JOIN_RIGHT; }
  | FULL                            { $$ = SQL_JOIN_FULL; }
  | FULL OUTER                      { $$ = SQL_JOIN_FULL; }
  | LEFT SEMI                       { $$ = SQL_JOIN_SEMI; }
  | SEMI                            { $$ = SQL_JOIN_SEMI; }
  | LEFT ANTI                       { $$ = SQL_JOIN_ANTI; }
  | ANTI                            { $$ = SQL_JOIN_ANTI; }
  ;

/* LATERAL VIEW gen(...) t [AS] c1, c2 */
lv_alias:
    ident                           { $$.name = sql_ident_new(p, $1); $$.cols = (SqlIdentList){0}; }
  | ident AS lv_cols %prec LOWEST   { $$.name = sql_ident_new(p, $1); $$.cols = $3; }
  | ident bare_lv_cols %prec LOWEST { $$.name = sql_ident_new(p, $1); $$.cols = $2; }
  | AS lv_cols %prec LOWEST         { $$.name = NULL; $$.cols = $2; }
  ;

lv_cols:
    ident                           { $$ = sql_idents(p, NULL, $1, @$); }
  | lv_cols ',' ident               { $$ = sql_idents(p, &$1, $3, @$); }
  ;

/* without AS the column names cannot be keywords: t OFFSET 5 */
bare_lv_cols:
    bare_alias                      { $$ = sql_idents(p, NULL, $1, @$); }
  | bare_lv_cols ',' bare_alias     { $$ = sql_idents(p, &$1, $3, @$); }
  ;

pivot_list:
    pivot_item                      { $$ = (SqlSelectItemList){0}; sql_item_push(A, &$$, $1); }
  | pivot_list ',' pivot_item       { $$ = $1; sql_item_push(A, &$$, $3); }
  ;

pivot_item:
    a_expr                          { $$ = sql_item(p, $1, NULL, @$); }
  | a_expr AS ident                 { $$ = sql_item(p, $1, sql_ident_new(p, $3), @$); }
  | a_expr bare_alias               { $$ = sql_item(p, $1, sql_ident_new(p, $2), @$); }
  ;

pivot_for:
    ident                           { $$ = sql_idents(p, NULL, $1, @$); }
  | '(' ident_list ')'              { $$ = $2; }
  ;

opt_unpivot_nulls:
    %empty                          { $$ = 0; }
  | INCLUDE NULLS                   { $$ = 1; }
  | EXCLUDE NULLS                   { $$ = 0; }
  ;

unpivot_cols:
    ident                           { $$ = sql_idents(p, NULL, $1, @$); }
  | '(' ident_list ')'              { $$ = $2; }
  ;

/* A FROM item with its alias. */
table_primary:
    relation opt_table_alias
      {
        $$ = $1;
        $$->alias = $2.name;
        $$->alias_cols = $2.cols;
        $$->loc = @$;
      }
  | rel_name time_travel opt_table_alias
      {
        $$ = sql_from_name(p, $1, @1);
        if ($$->kind == SQL_FROM_TABLE) {
            $$->table.tt = $2.kind;
            $$->table.tt_value = $2.value;
        } else {
            sql_error(p, @2, "time travel needs a table name");
        }
        $$->alias = $3.name;
        $$->alias_cols = $3.cols;
        $$->loc = @$;
      }
  | select_with_parens opt_table_alias
      {
        $$ = sql_from_new(p, SQL_FROM_SUBQUERY, @$);
        $$->subquery.query = $1;
        $$->alias = $2.name;
        $$->alias_cols = $2.cols;
      }
  | LATERAL select_with_parens opt_table_alias
      {
        $$ = sql_from_new(p, SQL_FROM_SUBQUERY, @$);
        $$->subquery.query = $2;
        $$->subquery.lateral = true;
        $$->alias = $3.name;
        $$->alias_cols = $3.cols;
      }
  | VALUES values_rows values_alias
      {
        $$ = sql_from_new(p, SQL_FROM_VALUES, @$);
        $$->values = $2;
        $$->alias = $3.name;
        $$->alias_cols = $3.cols;
      }
  ;

/* name, name(args), STREAM name, STREAM(name), STREAM name(args), STREAM(name(args)) */
relation:
    rel_name                        { $$ = sql_from_name(p, $1, @$); }
  | rel_name '(' ')'
      {
        $$ = sql_from_new(p, SQL_FROM_TVF, @$);
        $$->tvf.name = $1;
      }
  | rel_name '(' func_arg_list ')'
      {
        $$ = sql_from_new(p, SQL_FROM_TVF, @$);
        $$->tvf.name = $1;
        $$->tvf.args = $3;
      }
  | STREAM relation_in_stream       { $$ = $2; $$->stream = true; $$->loc = @$; }
  | STREAM '(' relation_in_stream ')' { $$ = $3; $$->stream = true; $$->loc = @$; }
  ;

relation_in_stream:
    rel_name                        { $$ = sql_from_name(p, $1, @$); }
  | rel_name '(' ')'
      {
        $$ = sql_from_new(p, SQL_FROM_TVF, @$);
        $$->tvf.name = $1;
      }
  | rel_name '(' func_arg_list ')'
      {
        $$ = sql_from_new(p, SQL_FROM_TVF, @$);
        $$->tvf.name = $1;
        $$->tvf.args = $3;
      }
  ;

/* [FOR] VERSION AS OF v | [FOR] TIMESTAMP AS OF ts */
time_travel:
    VERSION AS OF b_expr            { $$.kind = SQL_TT_VERSION; $$.value = $4; }
  | FOR VERSION AS OF b_expr        { $$.kind = SQL_TT_VERSION; $$.value = $5; }
  | TIMESTAMP AS OF b_expr          { $$.kind = SQL_TT_TIMESTAMP; $$.value = $4; }
  | FOR TIMESTAMP AS OF b_expr      { $$.kind = SQL_TT_TIMESTAMP; $$.value = $5; }
  ;

/* [AS] alias [(cols)] */
opt_table_alias:
    %empty                          { $$.name = NULL; $$.cols = (SqlIdentList){0}; }
  | table_alias
  ;

values_alias:
    %empty %prec LOWEST             { $$.name = NULL; $$.cols = (SqlIdentList){0}; }
  | table_alias
  ;

table_alias:
    AS ident opt_alias_cols         { $$.name = sql_ident_new(p, $2); $$.cols = $3; }
  | bare_alias opt_alias_cols       { $$.name = sql_ident_new(p, $1); $$.cols = $2; }
  ;

opt_alias_cols:
    %empty                          { $$ = (SqlIdentList){0}; }
  | '(' ident_list ')'              { $$ = $2; }
  ;

values_rows:
    a_expr
      {
        $$ = (SqlRowList){0};
        sql_row_push(A, &$$, sql_row_values(p, $1));
      }
  | values_rows ',' a_expr          { $$ = $1; sql_row_push(A, &$$, sql_row_values(p, $3)); }
  ;

where_clause:
    %empty                          { $$ = NULL; }
  | WHERE a_expr                    { $$ = $2; }
  ;

/* GROUP BY: creates the SqlSelect the rest of simple_select fills in */
group_clause_holder:
    %empty                          { $$ = arena_alloc(A, sizeof *$$); }
  | GROUP BY group_list
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->group_by = $3;
      }
  | GROUP BY group_list WITH IDENT
      {
        /* GROUP BY a, b WITH ROLLUP | CUBE: the same as ROLLUP(a, b) | CUBE(a, b) */
        $$ = arena_alloc(A, sizeof *$$);
        SqlIdent w = sql_ident(p, $5, @5);
        if (strcasecmp(w.name, "rollup") && strcasecmp(w.name, "cube"))
            sql_error(p, @5, "expected ROLLUP or CUBE after GROUP BY ... WITH");
        SqlExpr *call = sql_call(p, sql_name1(p, w), @$);
        call->call.args = $3;
        $$->group_by = (SqlExprList){0};
        sql_expr_push(A, &$$->group_by, call);
      }
  | GROUP BY ALL
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->group_all = true;
      }
  ;

group_list:
    group_item                      { $$ = (SqlExprList){0}; sql_expr_push(A, &$$, $1); }
  | group_list ',' group_item       { $$ = $1; sql_expr_push(A, &$$, $3); }
  ;

/* ROLLUP(a, b) and CUBE(a, b) parse as calls; GROUPING SETS ((a, b), a, ()) becomes a
 * call named "grouping sets" (no user function can have that name) of one "__set" call
 * per set, lowered and expanded by the planner. */
group_item:
    a_expr
  | IDENT IDENT '(' grouping_sets ')'
      {
        SqlIdent g = sql_ident(p, $1, @1), s2 = sql_ident(p, $2, @2);
        if (strcasecmp(g.name, "grouping") || strcasecmp(s2.name, "sets"))
            sql_error(p, @1, "expected GROUPING SETS (...)");
        SqlIdent fn = {.name = "grouping sets", .loc = src_span(@1, @2)};
        $$ = sql_call(p, sql_name1(p, fn), @$);
        $$->call.args = $4;
      }
  ;

grouping_sets:
    grouping_set                    { $$ = (SqlExprList){0}; sql_expr_push(A, &$$, $1); }
  | grouping_sets ',' grouping_set  { $$ = $1; sql_expr_push(A, &$$, $3); }
  ;

grouping_set:
    '(' ')'
      {
        SqlIdent fn = {.name = "__set", .loc = @$};
        $$ = sql_call(p, sql_name1(p, fn), @$);
      }
  | a_expr  /* (a, b) is a_expr's row constructor: the planner takes its fields */
      {
        SqlIdent fn = {.name = "__set", .loc = @$};
        $$ = sql_call(p, sql_name1(p, fn), @$);
        sql_expr_push(A, &$$->call.args, $1);
      }
  ;

having_clause:
    %empty                          { $$ = NULL; }
  | HAVING a_expr                   { $$ = $2; }
  ;

qualify_clause:
    %empty                          { $$ = NULL; }
  | QUALIFY a_expr                  { $$ = $2; }
  ;

window_clause:
    %empty                          { $$ = (SqlWindowDefList){0}; }
  | WINDOW window_def_list          { $$ = $2; }
  ;

window_def_list:
    window_def                      { $$ = (SqlWindowDefList){0}; sql_windef_push(A, &$$, $1); }
  | window_def_list ',' window_def  { $$ = $1; sql_windef_push(A, &$$, $3); }
  ;

window_def:
    ident AS window_spec
      {
        $$ = arena_alloc(A, sizeof *$$);
        *$$ = (SqlWindowDef){$1, $3, @$};
      }
  ;

sort_clause:
    ORDER BY sortby_list            { $$ = $3; }
  ;

opt_sort_clause:
    %empty                          { $$ = (SqlSortList){0}; }
  | sort_clause
  ;

sortby_list:
    sortby                          { $$ = (SqlSortList){0}; sql_sort_push(A, &$$, $1); }
  | sortby_list ',' sortby          { $$ = $1; sql_sort_push(A, &$$, $3); }
  ;

sortby:
    a_expr opt_asc_desc opt_nulls_order
      {
        $$ = arena_alloc(A, sizeof *$$);
        *$$ = (SqlSort){$1, $2, $3, @$};
      }
  ;

opt_asc_desc:
    %empty                          { $$ = SQL_SORT_DEFAULT; }
  | ASC                             { $$ = SQL_SORT_ASC; }
  | DESC                            { $$ = SQL_SORT_DESC; }
  ;

opt_nulls_order:
    %empty                          { $$ = SQL_NULLS_ORDER_DEFAULT; }
  | NULLS FIRST                     { $$ = SQL_NULLS_FIRST; }
  | NULLS LAST                      { $$ = SQL_NULLS_LAST; }
  ;

limit_value:
    a_expr
  | ALL                             { $$ = NULL; }
  ;

/* ---------------------------------------------------------------- expressions */

/* Boolean level: AND, OR, NOT and the predicates, whose operands are value
 * expressions (b_expr) as in Spark: a = b IS NULL is (a = b) IS NULL. */
a_expr:
    b_expr
  | a_expr AND a_expr               { $$ = sql_binary(p, SQL_AND, $1, $3, @$); }
  | a_expr OR a_expr                { $$ = sql_binary(p, SQL_OR, $1, $3, @$); }
  | NOT a_expr                      { $$ = sql_unary(p, SQL_NOT, $2, @$); }
  | '!' a_expr %prec NOT            { $$ = sql_unary(p, SQL_NOT, $2, @$); }
  | b_expr IS NULL                { $$ = sql_is(p, $1, SQL_IS_NULL, false, NULL, @$); }
  | b_expr IS NOT NULL            { $$ = sql_is(p, $1, SQL_IS_NULL, true, NULL, @$); }
  | b_expr IS TRUE                { $$ = sql_is(p, $1, SQL_IS_TRUE, false, NULL, @$); }
  | b_expr IS NOT TRUE            { $$ = sql_is(p, $1, SQL_IS_TRUE, true, NULL, @$); }
  | b_expr IS FALSE               { $$ = sql_is(p, $1, SQL_IS_FALSE, false, NULL, @$); }
  | b_expr IS NOT FALSE           { $$ = sql_is(p, $1, SQL_IS_FALSE, true, NULL, @$); }
  | b_expr IS DISTINCT FROM b_expr { $$ = sql_is(p, $1, SQL_IS_DISTINCT, false, $5, @$); }
  | b_expr IS NOT DISTINCT FROM b_expr
      { $$ = sql_is(p, $1, SQL_IS_DISTINCT, true, $6, @$); }
  | b_expr IN '(' expr_list ')'     { $$ = sql_in(p, $1, false, &$4, NULL, @$); }
  | b_expr NOT IN '(' expr_list ')' { $$ = sql_in(p, $1, true, &$5, NULL, @$); }
  | b_expr IN select_with_parens    { $$ = sql_in(p, $1, false, NULL, $3, @$); }
  | b_expr NOT IN select_with_parens { $$ = sql_in(p, $1, true, NULL, $4, @$); }
  | b_expr BETWEEN b_expr AND b_expr { $$ = sql_between(p, $1, false, $3, $5, @$); }
  | b_expr NOT BETWEEN b_expr AND b_expr { $$ = sql_between(p, $1, true, $4, $6, @$); }
  | b_expr like_op b_expr           { $$ = sql_like(p, $2, $1, $3, NULL, false, @$); }
  | b_expr like_op b_expr ESCAPE b_expr { $$ = sql_like(p, $2, $1, $3, $5, false, @$); }
  | b_expr NOT like_op b_expr       { $$ = sql_like(p, $3, $1, $4, NULL, true, @$); }
  | b_expr NOT like_op b_expr ESCAPE b_expr { $$ = sql_like(p, $3, $1, $4, $6, true, @$); }
  ;

like_op:
    LIKE                            { $$ = SQL_LIKE; }
  | ILIKE                           { $$ = SQL_ILIKE; }
  | RLIKE                           { $$ = SQL_RLIKE; }
  | REGEXP                          { $$ = SQL_RLIKE; }
  ;

/* Value level: arithmetic, bitwise, ||, comparisons. */
b_expr:
    c_expr
  | b_expr '+' b_expr               { $$ = sql_binary(p, SQL_ADD, $1, $3, @$); }
  | b_expr '-' b_expr               { $$ = sql_binary(p, SQL_SUB, $1, $3, @$); }
  | b_expr '*' b_expr               { $$ = sql_binary(p, SQL_MUL, $1, $3, @$); }
  | b_expr '/' b_expr               { $$ = sql_binary(p, SQL_DIV, $1, $3, @$); }
  | b_expr '%' b_expr               { $$ = sql_binary(p, SQL_MOD, $1, $3, @$); }
  | b_expr DIV b_expr               { $$ = sql_binary(p, SQL_IDIV, $1, $3, @$); }
  | b_expr CONCAT b_expr            { $$ = sql_binary(p, SQL_CONCAT, $1, $3, @$); }
  | b_expr '&' b_expr               { $$ = sql_binary(p, SQL_BITAND, $1, $3, @$); }
  | b_expr '|' b_expr               { $$ = sql_binary(p, SQL_BITOR, $1, $3, @$); }
  | b_expr '^' b_expr               { $$ = sql_binary(p, SQL_BITXOR, $1, $3, @$); }
  | b_expr '=' b_expr               { $$ = sql_binary(p, SQL_EQ, $1, $3, @$); }
  | b_expr NE b_expr                { $$ = sql_binary(p, SQL_NE, $1, $3, @$); }
  | b_expr '<' b_expr               { $$ = sql_binary(p, SQL_LT, $1, $3, @$); }
  | b_expr LE b_expr                { $$ = sql_binary(p, SQL_LE, $1, $3, @$); }
  | b_expr '>' b_expr               { $$ = sql_binary(p, SQL_GT, $1, $3, @$); }
  | b_expr GE b_expr                { $$ = sql_binary(p, SQL_GE, $1, $3, @$); }
  | b_expr NSEQ b_expr              { $$ = sql_binary(p, SQL_NSEQ, $1, $3, @$); }
  | '-' b_expr %prec UMINUS         { $$ = sql_unary(p, SQL_NEG, $2, @$); }
  | '+' b_expr %prec UMINUS         { $$ = sql_unary(p, SQL_PLUS, $2, @$); }
  | '~' b_expr                      { $$ = sql_unary(p, SQL_BITNOT, $2, @$); }
  ;

c_expr:
    primary
  | json_access
  | json_access DCOLON simple_type
      {
        $$ = sql_expr_new(p, SQL_E_CAST, @$);
        $$->cast.arg = $1;
        $$->cast.type = $3;
        $$->cast.is_colons = true;
      }
  ;

/* col:a.b[0]: a JSON path into a string column */
json_access:
    primary ':' col_label
      {
        $$ = sql_expr_new(p, SQL_E_JSON_PATH, @$);
        $$->json.base = $1;
        sql_json_step(p, $$, $3.name, NULL);
      }
  | primary ':' '[' a_expr ']'
      {
        $$ = sql_expr_new(p, SQL_E_JSON_PATH, @$);
        $$->json.base = $1;
        sql_json_step(p, $$, NULL, $4);
      }
  | json_access '.' col_label       { $$ = sql_json_step(p, $1, $3.name, NULL); $$->loc = @$; }
  | json_access '[' a_expr ']'      { $$ = sql_json_step(p, $1, NULL, $3); $$->loc = @$; }
  ;

primary:
    columnref                       { $$ = sql_column(p, $1, @$); }
  | primary_nn
  ;

primary_nn:
    literal
  | '(' a_expr ')'                  { $$ = $2; }
  | '(' a_expr ',' expr_list ')'
      {
        $$ = sql_expr_new(p, SQL_E_ROW, @$);
        sql_expr_push(A, &$$->row, $2);
        for (uint32_t i = 0; i < $4.n; i++) sql_expr_push(A, &$$->row, $4.items[i]);
      }
  | func_expr
  | case_expr
  | CAST '(' a_expr AS data_type ')'
      {
        $$ = sql_expr_new(p, SQL_E_CAST, @$);
        $$->cast.arg = $3;
        $$->cast.type = $5;
      }
  | TRY_CAST '(' a_expr AS data_type ')'
      {
        $$ = sql_expr_new(p, SQL_E_CAST, @$);
        $$->cast.arg = $3;
        $$->cast.type = $5;
        $$->cast.is_try = true;
      }
  | EXTRACT '(' col_label FROM a_expr ')'
      {
        SqlIdent fn = {.name = "extract", .loc = @1};
        $$ = sql_call(p, sql_name1(p, fn), @$);
        sql_expr_push(A, &$$->call.args, sql_lit(p, SQL_LIT_STRING, $3.name,
                                                 (uint32_t)strlen($3.name), @3));
        sql_expr_push(A, &$$->call.args, $5);
      }
  | select_with_parens %prec UMINUS
      {
        $$ = sql_expr_new(p, SQL_E_SUBQUERY, @$);
        $$->query = $1;
      }
  | EXISTS select_with_parens
      {
        $$ = sql_expr_new(p, SQL_E_EXISTS, @$);
        $$->query = $2;
      }
  | EXISTS '(' func_arg ',' func_arg_list ')'  /* the higher-order exists(array, x -> ...) */
      {
        $$ = sql_call(p, sql_name1(p, sql_ident(p, $1, @1)), @$);
        sql_expr_push(A, &$$->call.args, $3);
        for (uint32_t i = 0; i < $5.n; i++) sql_expr_push(A, &$$->call.args, $5.items[i]);
      }
  | interval
  | primary '[' a_expr ']'
      {
        $$ = sql_expr_new(p, SQL_E_SUBSCRIPT, @$);
        $$->subscript.base = $1;
        $$->subscript.index = $3;
      }
  | primary_nn '.' col_label
      {
        $$ = sql_expr_new(p, SQL_E_FIELD, @$);
        $$->field.base = $1;
        $$->field.field = $3;
      }
  | primary DCOLON simple_type
      {
        $$ = sql_expr_new(p, SQL_E_CAST, @$);
        $$->cast.arg = $1;
        $$->cast.type = $3;
        $$->cast.is_colons = true;
      }
  ;

columnref:
    ident                           { $$ = sql_idents(p, NULL, $1, @$); }
  | columnref '.' col_label         { $$ = sql_idents(p, &$1, $3, @$); }
  ;

literal:
    INTEGER                         { $$ = sql_number(p, $1, @$); }
  | NUMBER                          { $$ = sql_number(p, $1, @$); }
  | strings
  | BINARY                          { $$ = sql_lit(p, SQL_LIT_BINARY, $1.s, $1.n, @$); }
  | TRUE                            { $$ = sql_lit(p, SQL_LIT_BOOL, "true", 4, @$); }
  | FALSE                           { $$ = sql_lit(p, SQL_LIT_BOOL, "false", 5, @$); }
  | NULL                            { $$ = sql_lit(p, SQL_LIT_NULL, NULL, 0, @$); }
  | DATE strings                    { $$ = sql_typed_lit(p, SQL_LIT_DATE, $2, @$); }
  | TIMESTAMP strings               { $$ = sql_typed_lit(p, SQL_LIT_TIMESTAMP, $2, @$); }
  | TIMESTAMP_NTZ strings           { $$ = sql_typed_lit(p, SQL_LIT_TIMESTAMP_NTZ, $2, @$); }
  | TIMESTAMP_LTZ strings           { $$ = sql_typed_lit(p, SQL_LIT_TIMESTAMP_LTZ, $2, @$); }
  ;

/* adjacent string literals concatenate */
strings:
    STRING                          { $$ = sql_lit(p, SQL_LIT_STRING, $1.s, $1.n, @$); }
  | strings STRING                  { $$ = sql_concat_strings(p, $1, $2, @$); }
  ;

/* INTERVAL '1 day 2 hours' | INTERVAL v unit [TO unit] {v unit} */
interval:
    INTERVAL STRING
      {
        $$ = sql_expr_new(p, SQL_E_INTERVAL, @$);
        sql_interval_add(p, $$, $2, false, true, (SqlTok){0}, @2, NULL, @2, @2);
      }
  | INTERVAL interval_parts         { $$ = $2; $$->loc = @$; }
  ;

interval_parts:
    interval_num unit
      {
        $$ = sql_expr_new(p, SQL_E_INTERVAL, @$);
        sql_interval_add(p, $$, $1, $1.kind & 2, $1.kind & 1, $2, @2, NULL, @2, @$);
      }
  | interval_num unit TO unit
      {
        $$ = sql_expr_new(p, SQL_E_INTERVAL, @$);
        sql_interval_add(p, $$, $1, $1.kind & 2, $1.kind & 1, $2, @2, &$4, @4, @$);
      }
  | interval_parts interval_unsigned unit
      {
        $$ = $1;
        sql_interval_add(p, $$, $2, $2.kind & 2, $2.kind & 1, $3, @3, NULL, @3, src_span(@2, @3));
      }
  ;

/* kind: bit 0 = string, bit 1 = negative. Only the first value may have a sign:
 * INTERVAL 1 DAY - 1 subtracts. */
interval_num:
    interval_unsigned
  | '-' STRING                      { $$ = $2; $$.kind = 3; }
  | '-' INTEGER                     { $$ = $2; $$.kind = 2; }
  | '-' NUMBER                      { $$ = $2; $$.n = @2.len; $$.kind = 2; }
  ;

interval_unsigned:
    STRING                          { $$ = $1; $$.kind = 1; }
  | INTEGER                         { $$ = $1; $$.kind = 0; }
  | NUMBER                          { $$ = $1; $$.n = @1.len; $$.kind = 0; }
  ;

unit:
    YEAR | YEARS | MONTH | MONTHS | WEEK | WEEKS | DAY | DAYS | HOUR | HOURS | MINUTE | MINUTES
  | SECOND | SECONDS | MILLISECOND | MILLISECONDS | MICROSECOND | MICROSECONDS
  ;

case_expr:
    CASE opt_case_arg when_list opt_else END
      {
        $$ = sql_expr_new(p, SQL_E_CASE, @$);
        $$->kase.operand = $2;
        $$->kase.whens = $3;
        $$->kase.else_ = $4;
      }
  ;

opt_case_arg:
    %empty                          { $$ = NULL; }
  | a_expr
  ;

when_list:
    when_clause                     { $$ = (SqlWhenList){0}; sql_when_push(A, &$$, $1); }
  | when_list when_clause           { $$ = $1; sql_when_push(A, &$$, $2); }
  ;

when_clause:
    WHEN a_expr THEN a_expr
      {
        $$ = arena_alloc(A, sizeof *$$);
        *$$ = (SqlWhen){$2, $4, @$};
      }
  ;

opt_else:
    %empty                          { $$ = NULL; }
  | ELSE a_expr                     { $$ = $2; }
  ;

/* f(args) [FILTER (WHERE c)] [IGNORE | RESPECT NULLS] [OVER w] */
func_expr:
    func_app opt_filter opt_nulls_after opt_over
      {
        $$ = $1;
        $$->call.filter = $2;
        if ($3) $$->call.nulls = $3;
        $$->call.over = $4;
        $$->loc = @$;
      }
  ;

func_app:
    func_name '(' ')'               { $$ = sql_call(p, $1, @$); }
  | func_name '(' '*' ')'           { $$ = sql_call(p, $1, @$); $$->call.star = true; }
  | func_name '(' func_arg_list opt_nulls_inner ')'
      {
        $$ = sql_call(p, $1, @$);
        $$->call.args = $3;
        $$->call.nulls = $4;
      }
  | func_name '(' DISTINCT func_arg_list ')'
      {
        $$ = sql_call(p, $1, @$);
        $$->call.args = $4;
        $$->call.distinct = true;
      }
  | func_name '(' ALL func_arg_list ')'
      {
        $$ = sql_call(p, $1, @$);
        $$->call.args = $4;
      }
  ;

func_name:
    columnref
  | LEFT                            { $$ = sql_name1(p, sql_ident(p, $1, @1)); }
  | RIGHT                           { $$ = sql_name1(p, sql_ident(p, $1, @1)); }
  ;

func_arg_list:
    func_arg                        { $$ = (SqlExprList){0}; sql_expr_push(A, &$$, $1); }
  | func_arg_list ',' func_arg      { $$ = $1; sql_expr_push(A, &$$, $3); }
  ;

func_arg:
    a_expr
  | a_expr ARROW a_expr             { $$ = sql_lambda(p, $1, $3, @$); }
  | a_expr FAT_ARROW a_expr         { $$ = sql_named_arg(p, $1, $3, @$); }
  ;

opt_nulls_inner:
    %empty                          { $$ = SQL_NULLS_DEFAULT; }
  | IGNORE_NULLS                    { $$ = SQL_NULLS_IGNORE; }
  | RESPECT_NULLS                   { $$ = SQL_NULLS_RESPECT; }
  ;

/* f(g(x) IGNORE NULLS) applies to f */
opt_nulls_after:
    %empty %prec NULLS_AFTER        { $$ = SQL_NULLS_DEFAULT; }
  | IGNORE_NULLS                    { $$ = SQL_NULLS_IGNORE; }
  | RESPECT_NULLS                   { $$ = SQL_NULLS_RESPECT; }
  ;

opt_filter:
    %empty                          { $$ = NULL; }
  | FILTER '(' WHERE a_expr ')'     { $$ = $4; }
  ;

opt_over:
    %empty                          { $$ = NULL; }
  | OVER window_spec                { $$ = $2; }
  | OVER ident
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->ref = sql_ident_new(p, $2);
        $$->loc = @2;
      }
  ;

/* (PARTITION BY ..  ORDER BY ..  ROWS|RANGE frame) */
window_spec:
    '(' opt_partition opt_sort_clause opt_frame ')'
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->partition = $2;
        $$->order = $3;
        $$->frame = $4;
        $$->loc = @$;
      }
  ;

opt_partition:
    %empty                          { $$ = (SqlExprList){0}; }
  | PARTITION BY expr_list          { $$ = $3; }
  ;

opt_frame:
    %empty                          { $$ = NULL; }
  | ROWS frame_bound
      {
        $$ = arena_alloc(A, sizeof *$$);
        *$$ = (SqlFrame){false, $2, {SQL_BOUND_CURRENT_ROW, NULL}, @$};
      }
  | RANGE frame_bound
      {
        $$ = arena_alloc(A, sizeof *$$);
        *$$ = (SqlFrame){true, $2, {SQL_BOUND_CURRENT_ROW, NULL}, @$};
      }
  | ROWS BETWEEN frame_bound AND frame_bound
      {
        $$ = arena_alloc(A, sizeof *$$);
        *$$ = (SqlFrame){false, $3, $5, @$};
      }
  | RANGE BETWEEN frame_bound AND frame_bound
      {
        $$ = arena_alloc(A, sizeof *$$);
        *$$ = (SqlFrame){true, $3, $5, @$};
      }
  ;

frame_bound:
    UNBOUNDED PRECEDING             { $$ = (SqlFrameBound){SQL_BOUND_UNBOUNDED_PRECEDING, NULL}; }
  | UNBOUNDED FOLLOWING             { $$ = (SqlFrameBound){SQL_BOUND_UNBOUNDED_FOLLOWING, NULL}; }
  | CURRENT ROW                     { $$ = (SqlFrameBound){SQL_BOUND_CURRENT_ROW, NULL}; }
  | b_expr PRECEDING                { $$ = (SqlFrameBound){SQL_BOUND_PRECEDING, $1}; }
  | b_expr FOLLOWING                { $$ = (SqlFrameBound){SQL_BOUND_FOLLOWING, $1}; }
  ;

expr_list:
    a_expr                          { $$ = (SqlExprList){0}; sql_expr_push(A, &$$, $1); }
  | expr_list ',' a_expr            { $$ = $1; sql_expr_push(A, &$$, $3); }
  ;

/* ---------------------------------------------------------------- types */

/* name | name(n) | name(p, s) | ARRAY<t> | MAP<k, v> | STRUCT<a: t, b t> */
data_type:
    simple_type
  | type_name '<' type_args '>'     { $$ = sql_type_nested(p, $1, $3, @$); }
  | type_name '<' '>'               { $$ = sql_type_nested(p, $1, NULL, @$); }
  | type_name NE                    { $$ = sql_type_nested(p, $1, NULL, @$); }  /* STRUCT<> */
  ;

simple_type:
    type_name                       { $$ = sql_type(p, $1, 0, 0, 0, @$); }
  | type_name '(' INTEGER ')'       { $$ = sql_type(p, $1, 1, sql_int_param(p, $3, @3), 0, @$); }
  | type_name '(' INTEGER ',' INTEGER ')'
      { $$ = sql_type(p, $1, 2, sql_int_param(p, $3, @3), sql_int_param(p, $5, @5), @$); }
  ;

type_name:
    IDENT | DATE | TIMESTAMP | TIMESTAMP_NTZ | TIMESTAMP_LTZ
  ;

/* a list built back to front, reversed by sql_type_nested */
type_args:
    type_arg
  | type_args ',' type_arg          { $$ = $3; $$->next = $1; }
  ;

type_arg:
    data_type
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->type = $1;
      }
  | col_label ':' data_type opt_field_not_null opt_field_comment
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->field = sql_ident_new(p, $1);
        $$->type = $3;
        $$->not_null = $4;
      }
  | col_label data_type opt_field_not_null opt_field_comment
      {
        $$ = arena_alloc(A, sizeof *$$);
        $$->field = sql_ident_new(p, $1);
        $$->type = $2;
        $$->not_null = $3;
      }
  ;

opt_field_not_null:
    %empty                          { $$ = 0; }
  | NOT NULL                        { $$ = 1; }
  ;

opt_field_comment:
    %empty
  | COMMENT STRING
  ;

/* ---------------------------------------------------------------- names */

qualified_name:
    ident                           { $$ = sql_idents(p, NULL, $1, @$); }
  | qualified_name '.' col_label    { $$ = sql_idents(p, &$1, $3, @$); }
  ;

/* a relation name: its first part cannot be STREAM (STREAM x reads x as a stream) */
rel_name:
    rel_ident                       { $$ = sql_idents(p, NULL, $1, @$); }
  | rel_name '.' col_label          { $$ = sql_idents(p, &$1, $3, @$); }
  ;

ident_list:
    ident                           { $$ = sql_idents(p, NULL, $1, @$); }
  | ident_list ',' ident            { $$ = sql_idents(p, &$1, $3, @$); }
  ;

ident:
    IDENT                           { $$ = sql_ident(p, $1, @1); }
  | unreserved_keyword              { $$ = sql_ident(p, $1, @1); }
  ;

rel_ident:
    IDENT                           { $$ = sql_ident(p, $1, @1); }
  | unreserved_keyword_nostream     { $$ = sql_ident(p, $1, @1); }
  ;

col_label:
    ident
  | reserved_keyword                { $$ = sql_ident(p, $1, @1); }
  ;

/* an alias without AS: an identifier or an unreserved keyword that cannot continue what
 * comes before it (not OVER, FILTER, ESCAPE, FOR, OFFSET, TO, VERSION, TIMESTAMP or an
 * interval unit: SELECT x year is taken as an error, SELECT x AS year works) */
bare_alias:
    IDENT                           { $$ = sql_ident(p, $1, @1); }
  | bare_alias_keyword              { $$ = sql_ident(p, $1, @1); }
  ;

bare_alias_keyword:
      ALWAYS | APPLY | ASC | AT | AUTO | BITEMPORAL | BY | CATALOG | CDC | CHANGES | CLUSTER
    | COLUMNS | COMMENT | CRON | CURRENT | DATABASE | DATE | DEFAULT | DELETE | DESC | DROP
    | EVERY | EXCLUDE | EXPECT | FAIL | FIRST | FLOW | FOLLOWING | FOREIGN | GENERATED
    | HISTORY | IDENTITY | IF | IGNORE | INCLUDE | INCREMENTAL | INSERT | INTO | KEY | KEYS
    | LAST | LIVE | LOCATION | MASK | MATERIALIZED | MOST | NAME | NONE | NULLS | OF | ONCE
    | OPTIONS | PARTITION | PARTITIONED | PRECEDING | PRIMARY | PRIVATE | RANGE | REFERENCES
    | REFRESH | RESPECT | ROW | ROWS | SCD | SCHEDULE | SCHEMA | SEQUENCE | SET | STORED
    | STREAM | STREAMING | SYSTEM | TABLE | TBLPROPERTIES | TEMPORARY | TIME | TIMESTAMP_LTZ
    | TIMESTAMP_NTZ | TRACK | TRIGGER | TRUNCATE | TYPE | UPDATE | UPDATES | USE | VIEW
    | VIOLATION | ZONE
  ;

unreserved_keyword:
    unreserved_keyword_nostream
  | STREAM
  ;

unreserved_keyword_nostream:
      ALWAYS | APPLY | ASC | AT | AUTO | BITEMPORAL | BY | CATALOG | CDC | CHANGES | CLUSTER
    | COLUMNS | COMMENT | CRON | CURRENT | DATABASE | DATE | DEFAULT | DELETE | DESC | DROP
    | ESCAPE | EVERY | EXCLUDE | EXPECT | FAIL | FILTER | FIRST | FLOW | FOLLOWING | FOR
    | FOREIGN | GENERATED | HISTORY | IDENTITY | IF | IGNORE | INCLUDE | INCREMENTAL | INSERT
    | INTO | KEY | KEYS | LAST | LIVE | LOCATION | MASK | MATERIALIZED | MOST | NAME | NONE
    | NULLS | OF | OFFSET | ONCE | OPTIONS | OVER | PARTITION | PARTITIONED | PRECEDING
    | PRIMARY | PRIVATE | RANGE | REFERENCES | REFRESH | RESPECT | ROW | ROWS | SCD | SCHEDULE
    | SCHEMA | SEQUENCE | SET | STORED | STREAMING | SYSTEM | TABLE | TBLPROPERTIES | TEMPORARY
    | TIME | TIMESTAMP | TIMESTAMP_LTZ | TIMESTAMP_NTZ | TO | TRACK | TRIGGER | TRUNCATE | TYPE
    | UPDATE | UPDATES | USE | VERSION | VIEW | VIOLATION | ZONE | YEAR | YEARS | MONTH
    | MONTHS | WEEK | WEEKS | DAY | DAYS | HOUR | HOURS | MINUTE | MINUTES | SECOND | SECONDS
    | MILLISECOND | MILLISECONDS | MICROSECOND | MICROSECONDS
    ;

reserved_keyword:
      ALL | AND | ANTI | AS | BETWEEN | CASE | CAST | CONSTRAINT | CREATE | CROSS | DISTINCT
    | DIV | ELSE | END | EXCEPT | EXISTS | EXTRACT | FALSE | FROM | FULL | GROUP | HAVING
    | ILIKE | IN | INNER | INTERSECT | INTERVAL | IS | JOIN | LATERAL | LEFT | LIKE | LIMIT
    | MINUS | NATURAL | NOT | NULL | ON | OR | ORDER | OUTER | PIVOT | QUALIFY | REGEXP | RIGHT
    | RLIKE | SELECT | SEMI | THEN | TRUE | TRY_CAST | UNBOUNDED | UNION | UNPIVOT | USING
    | VALUES | WHEN | WHERE | WINDOW | WITH
    ;

%%

/* ---------------------------------------------------------------- helpers */

static void sql_yyerror(const SrcLoc *loc, SqlParser *p, const char *msg) {
    if (strstr(msg, "exhausted"))
        sql_error(p, *loc, "statement is nested too deeply");
    else
        sql_error(p, *loc, "%s", msg);
}

/* How a grammar symbol reads in a message: keywords upper case, punctuation quoted. */
static void put_symbol(StrBuf *b, yysymbol_kind_t sym) {
    const char *name = yysymbol_name(sym);
    size_t n = strlen(name);
    if (n >= 2 && name[0] == '"') name++, n -= 2;  // "identifier" -> identifier
    bool word = true, lower = false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (c >= 'a' && c <= 'z') lower = true;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ' '))
            word = false;
    }
    if (word || name[0] == '\'') sb_put(b, name, n);
    else sb_printf(b, "'%.*s'", (int)n, name);
    (void)lower;
}

bool sql_symbol_is_unreserved(int sym) {
    size_t n;
    const SqlKeyword *kw = sql_keywords(&n);
    for (size_t i = 0; i < n; i++)
        if (kw[i].unreserved && YYTRANSLATE(kw[i].tok) == sym) return true;
    return false;
}

static bool symbol_is(yysymbol_kind_t sym, const char *const *names) {
    const char *name = yysymbol_name(sym);
    for (; *names; names++)
        if (strcmp(name, *names) == 0) return true;
    return false;
}

/* Tokens that continue an expression: listed as "an operator". */
static const char *const operators[] = {
    "'+'", "'-'", "'*'", "'/'", "'%'", "'&'", "'|'", "'^'", "'='", "'<'", "'>'", "'['", "'.'",
    "':'", "<>", "<=", ">=", "<=>", "||", "::", "DIV", "AND", "OR", "IS", "IN", "NOT",
    "BETWEEN", "LIKE", "ILIKE", "RLIKE", "REGEXP", "ESCAPE", "->", "=>", NULL};

/* "unexpected FROM, expecting identifier or '('": the token as written when it is a
 * name or number, and the expected tokens when there are few: keywords that are also
 * identifiers fold into "identifier", operators into "an operator", and where an
 * expression or a statement must start, that is said instead. */
static int yyreport_syntax_error(const yypcontext_t *ctx, SqlParser *p) {
    enum { MAX_SHOWN = 9 };
    if (p->quiet || p->nerrors >= SQL_MAX_ERRORS) return 0;
    yysymbol_kind_t tok = yypcontext_token(ctx);
    SrcLoc at = *yypcontext_location(ctx);
    StrBuf b = {0};
    sb_puts(&b, "syntax error: unexpected ");
    if (tok == YYSYMBOL_IDENT) {
        sb_printf(&b, "identifier '%.*s'", at.len > 40 ? 40 : (int)at.len, p->text + at.off);
    } else if (tok == YYSYMBOL_NUMBER || tok == YYSYMBOL_INTEGER) {
        sb_printf(&b, "number %.*s", at.len > 40 ? 40 : (int)at.len, p->text + at.off);
    } else {
        put_symbol(&b, tok);
    }
    yysymbol_kind_t exp[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, exp, YYNTOKENS), shown = 0;
    bool ident = false, expr_start = false, stmt_start = false, in_expr = false, oper = false;
    for (int i = 0; i < n; i++) {
        ident |= exp[i] == YYSYMBOL_IDENT;
        expr_start |= exp[i] == YYSYMBOL_CASE;
        stmt_start |= exp[i] == YYSYMBOL_CREATE;
        in_expr |= exp[i] == YYTRANSLATE('+');  // an expression may go on here
    }
    for (int i = 0; i < n; i++) {
        if (ident && sql_symbol_is_unreserved(exp[i])) continue;
        if (in_expr && symbol_is(exp[i], operators)) {
            oper = true;
            continue;
        }
        exp[shown++] = exp[i];
    }
    bool semi = false;
    for (int i = 0; i < n; i++) semi |= exp[i] == YYTRANSLATE(';');
    if (semi && (tok == YYSYMBOL_CREATE || tok == YYSYMBOL_APPLY || tok == YYSYMBOL_AUTO ||
                 tok == YYSYMBOL_SET || tok == YYSYMBOL_USE)) {
        sb_puts(&b, ", expecting ';' before the next statement");
    } else if (stmt_start) {
        sb_puts(&b, ", expecting a statement (CREATE, APPLY CHANGES, AUTO CDC, SET or USE)");
    } else if (expr_start) {
        sb_puts(&b, ", expecting an expression");
    } else if (shown + oper > 0 && shown + oper <= MAX_SHOWN) {
        sb_puts(&b, ", expecting ");
        for (int i = 0; i < shown; i++) {
            if (i > 0) sb_puts(&b, i == shown - 1 && !oper ? " or " : ", ");
            put_symbol(&b, exp[i]);
        }
        if (oper) sb_puts(&b, shown ? " or an operator" : "an operator");
    }
    sql_error(p, at, "%s", sb_cstr(&b));
    sb_free(&b);
    return 0;
}

SqlScript *sql_parse(Arena *a, const SourceSet *src, uint32_t buf, Diags *d) {
    SqlScript *s = arena_alloc(a, sizeof *s);
    s->buf = buf;
    s->src = src;
    const SourceBuf *b = src_buf(src, buf);
    if (!b) return s;
    SqlParser p = {
        .arena = a, .src = src, .diags = d, .file = buf, .text = b->text, .len = b->len,
        .at_stmt_start = true, .script = s,
    };
    p.cur = (const unsigned char *)b->text;
    p.lim = p.cur + b->len;
    if (b->len >= 3 && memcmp(b->text, "\xEF\xBB\xBF", 3) == 0) p.cur += 3;  // UTF-8 BOM
    sql_yyparse(&p);
    return s;
}
