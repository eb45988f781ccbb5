/* py_ast_dump: the Python AST as stable, indented s-expressions for golden tests
 * (testdata/parse/py). One statement per line with its original line:col; expressions
 * inline. Deterministic: no pointers, floats in shortest round-trip form. */
#include "py.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    StrBuf          *out;
    const SourceSet *src;
} Dump;

static void expr(Dump *d, const PyExpr *e);

static void newline(Dump *d, int ind) {
    sb_putc(d->out, '\n');
    for (int i = 0; i < ind; i++) sb_put(d->out, "  ", 2);
}

static void loc(Dump *d, SrcLoc at) {
    uint32_t file, off, end, line, col;
    src_resolve(d->src, at, &file, &off, &end);
    src_line_col(d->src, file, off, &line, &col);
    sb_printf(d->out, " @%u:%u", line, col);
}

static void bytes_lit(StrBuf *b, const char *s, uint32_t n) {
    sb_putc(b, '"');
    for (uint32_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') sb_printf(b, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f) sb_putc(b, (char)c);
        else sb_printf(b, "\\x%02x", c);
    }
    sb_putc(b, '"');
}

/* Python's repr: shortest digits that read back the same; positional notation for
 * exponents -4..15 (with ".0" when integral), else scientific. */
static void number(StrBuf *b, double f) {
    if (isinf(f) || isnan(f)) {
        sb_puts(b, isnan(f) ? "nan" : f > 0 ? "inf" : "-inf");
        return;
    }
    char buf[400];
    int prec = 1;
    for (; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, f);
        if (strtod(buf, NULL) == f) break;
    }
    if (prec > 17) prec = 17;
    int exp = atoi(strchr(buf, 'e') + 1);
    if (exp < -4 || exp >= 16) {
        sb_puts(b, buf);
        return;
    }
    int decimals = prec - 1 - exp > 0 ? prec - 1 - exp : 0;
    snprintf(buf, sizeof buf, "%.*f", decimals, f);
    sb_puts(b, buf);
    if (!strchr(buf, '.')) sb_puts(b, ".0");
}

static void constant(Dump *d, const PyConst *c) {
    switch (c->kind) {
    case PY_C_STR: sb_puts(d->out, "(str "); sb_json_str(d->out, c->s, c->len); break;
    case PY_C_BYTES: sb_puts(d->out, "(bytes "); bytes_lit(d->out, c->s, c->len); break;
    case PY_C_INT:
        if (c->fits_i64) sb_printf(d->out, "(int %" PRId64, c->i);
        else sb_printf(d->out, "(int %s", c->s);
        break;
    case PY_C_FLOAT: sb_puts(d->out, "(float "); number(d->out, c->f); break;
    case PY_C_COMPLEX: sb_puts(d->out, "(complex "); number(d->out, c->f); break;
    case PY_C_TRUE: sb_puts(d->out, "True"); return;
    case PY_C_FALSE: sb_puts(d->out, "False"); return;
    case PY_C_NONE: sb_puts(d->out, "None"); return;
    case PY_C_ELLIPSIS: sb_puts(d->out, "Ellipsis"); return;
    }
    sb_putc(d->out, ')');
}

static void exprs(Dump *d, const PyExprList *l) {
    for (uint32_t i = 0; i < l->n; i++) {
        sb_putc(d->out, ' ');
        expr(d, l->items[i]);
    }
}

static void params(Dump *d, const PyParamList *l) {
    sb_puts(d->out, "(params");
    for (uint32_t i = 0; i < l->n; i++) {
        const PyParam *p = l->items[i];
        static const char *const kind[] = {
            [PY_P_POSONLY] = "posonly ", [PY_P_NORMAL] = "", [PY_P_VARARG] = "*",
            [PY_P_KWONLY] = "kwonly ", [PY_P_KWARG] = "**", [PY_P_SLASH] = "/",
            [PY_P_STAR] = "*",
        };
        sb_printf(d->out, " (%s%s", kind[p->kind], p->name ? p->name : "");
        if (p->annotation) {
            sb_puts(d->out, " (annot ");
            expr(d, p->annotation);
            sb_putc(d->out, ')');
        }
        if (p->def) {
            sb_puts(d->out, " (default ");
            expr(d, p->def);
            sb_putc(d->out, ')');
        }
        sb_putc(d->out, ')');
    }
    sb_putc(d->out, ')');
}

static void keywords(Dump *d, const PyKeywordList *l) {
    for (uint32_t i = 0; i < l->n; i++) {
        const PyKeyword *k = l->items[i];
        if (k->arg) sb_printf(d->out, " (kw %s ", k->arg);
        else sb_puts(d->out, " (** ");
        expr(d, k->value);
        sb_putc(d->out, ')');
    }
}

static void comps(Dump *d, const PyCompList *l) {
    for (uint32_t i = 0; i < l->n; i++) {
        const PyComp *c = l->items[i];
        sb_puts(d->out, c->is_async ? " (async-for " : " (for ");
        expr(d, c->target);
        sb_puts(d->out, " in ");
        expr(d, c->iter);
        for (uint32_t j = 0; j < c->ifs.n; j++) {
            sb_puts(d->out, " (if ");
            expr(d, c->ifs.items[j]);
            sb_putc(d->out, ')');
        }
        sb_putc(d->out, ')');
    }
}

static void opt(Dump *d, const PyExpr *e) {
    sb_putc(d->out, ' ');
    if (e) expr(d, e);
    else sb_putc(d->out, '_');
}

static void fvalue(Dump *d, const PyExpr *e) {
    sb_puts(d->out, "(fvalue");
    opt(d, e->u.fvalue.value);
    if (e->u.fvalue.conversion) sb_printf(d->out, " !%c", e->u.fvalue.conversion);
    if (e->u.fvalue.spec) {
        sb_puts(d->out, " (spec");
        exprs(d, &e->u.fvalue.spec->u.joined);
        sb_putc(d->out, ')');
    }
    sb_putc(d->out, ')');
}

static const char *const comp_tag[] = {
    [PY_E_LISTCOMP] = "listcomp", [PY_E_SETCOMP] = "setcomp", [PY_E_DICTCOMP] = "dictcomp",
    [PY_E_GENEXP] = "genexp",
};

static void expr(Dump *d, const PyExpr *e) {
    StrBuf *b = d->out;
    if (!e) {
        sb_putc(b, '_');
        return;
    }
    switch (e->kind) {
    case PY_E_BOOLOP:
        sb_printf(b, "(%s", py_op_text(e->u.boolop.op));
        exprs(d, &e->u.boolop.values);
        break;
    case PY_E_NAMED:
        sb_puts(b, "(walrus ");
        expr(d, e->u.named.target);
        opt(d, e->u.named.value);
        break;
    case PY_E_BINOP:
        sb_printf(b, "(%s ", py_op_text(e->u.binop.op));
        expr(d, e->u.binop.left);
        opt(d, e->u.binop.right);
        break;
    case PY_E_UNARY:
        // u- and u+ tell unary minus and plus apart from the binary operators
        sb_printf(b, "(%s%s ",
                  e->u.unary.op == PY_OP_UADD || e->u.unary.op == PY_OP_USUB ? "u" : "",
                  py_op_text(e->u.unary.op));
        expr(d, e->u.unary.operand);
        break;
    case PY_E_LAMBDA:
        sb_puts(b, "(lambda ");
        params(d, &e->u.lambda.params);
        opt(d, e->u.lambda.body);
        break;
    case PY_E_IFEXP:
        sb_puts(b, "(ifexp ");
        expr(d, e->u.ifexp.body);
        sb_puts(b, " if ");
        expr(d, e->u.ifexp.test);
        sb_puts(b, " else ");
        expr(d, e->u.ifexp.orelse);
        break;
    case PY_E_DICT:
        sb_puts(b, "(dict");
        for (uint32_t i = 0; i < e->u.dict.values.n; i++) {
            const PyExpr *k = e->u.dict.keys.items[i];
            sb_puts(b, k ? " (" : " (** ");
            if (k) {
                expr(d, k);
                sb_putc(b, ' ');
            }
            expr(d, e->u.dict.values.items[i]);
            sb_putc(b, ')');
        }
        break;
    case PY_E_SET: sb_puts(b, "(set"); exprs(d, &e->u.elts); break;
    case PY_E_LIST: sb_puts(b, "(list"); exprs(d, &e->u.elts); break;
    case PY_E_TUPLE: sb_puts(b, "(tuple"); exprs(d, &e->u.elts); break;
    case PY_E_LISTCOMP:
    case PY_E_SETCOMP:
    case PY_E_DICTCOMP:
    case PY_E_GENEXP:
        sb_printf(b, "(%s ", comp_tag[e->kind]);
        expr(d, e->u.comp.elt);
        if (e->kind == PY_E_DICTCOMP) opt(d, e->u.comp.value);
        comps(d, &e->u.comp.gens);
        break;
    case PY_E_AWAIT: sb_puts(b, "(await"); opt(d, e->u.value); break;
    case PY_E_YIELD:
        sb_puts(b, "(yield");
        if (e->u.value) opt(d, e->u.value);
        break;
    case PY_E_YIELDFROM: sb_puts(b, "(yield-from"); opt(d, e->u.value); break;
    case PY_E_STARRED: sb_puts(b, "(*"); opt(d, e->u.value); break;
    case PY_E_COMPARE:
        sb_puts(b, "(compare ");
        expr(d, e->u.compare.left);
        for (uint32_t i = 0; i < e->u.compare.comparators.n; i++) {
            sb_printf(b, " %s ", py_op_text(e->u.compare.ops[i]));
            expr(d, e->u.compare.comparators.items[i]);
        }
        break;
    case PY_E_CALL:
        sb_puts(b, "(call ");
        expr(d, e->u.call.func);
        exprs(d, &e->u.call.args);
        keywords(d, &e->u.call.keywords);
        break;
    case PY_E_FVALUE: fvalue(d, e); return;
    case PY_E_JOINED: sb_puts(b, "(fstring"); exprs(d, &e->u.joined); break;
    case PY_E_CONST: constant(d, &e->u.constant); return;
    case PY_E_ATTR:
        sb_puts(b, "(attr ");
        expr(d, e->u.attr.value);
        sb_printf(b, " %s", e->u.attr.attr);
        break;
    case PY_E_SUBSCRIPT:
        sb_puts(b, "(subscript ");
        expr(d, e->u.subscript.value);
        opt(d, e->u.subscript.slice);
        break;
    case PY_E_NAME: sb_printf(b, "(name %s", e->u.name); break;
    case PY_E_SLICE:
        sb_puts(b, "(slice");
        opt(d, e->u.slice.lower);
        opt(d, e->u.slice.upper);
        opt(d, e->u.slice.step);
        break;
    }
    sb_putc(b, ')');
}

static void stmt(Dump *d, const PyStmt *s, int ind);

static void block(Dump *d, const char *tag, const PyStmtList *l, int ind) {
    newline(d, ind);
    sb_printf(d->out, "(%s", tag);
    for (uint32_t i = 0; i < l->n; i++) stmt(d, l->items[i], ind + 1);
    sb_putc(d->out, ')');
}

static void aliases(Dump *d, const PyAliasList *l) {
    for (uint32_t i = 0; i < l->n; i++) {
        sb_printf(d->out, "%s%s", i ? ", " : " ", l->items[i]->name);
        if (l->items[i]->asname) sb_printf(d->out, " as %s", l->items[i]->asname);
    }
}

static void decorators(Dump *d, const PyExprList *l, int ind) {
    for (uint32_t i = 0; i < l->n; i++) {
        newline(d, ind + 1);
        sb_puts(d->out, "(decorator ");
        expr(d, l->items[i]);
        sb_putc(d->out, ')');
    }
}

static void funcdef(Dump *d, const PyStmt *s, int ind) {
    sb_printf(d->out, "(%s %s", s->u.funcdef.is_async ? "async-def" : "def", s->u.funcdef.name);
    loc(d, s->at);
    decorators(d, &s->u.funcdef.decorators, ind);
    if (s->u.funcdef.params.n) {
        newline(d, ind + 1);
        params(d, &s->u.funcdef.params);
    }
    if (s->u.funcdef.returns) {
        newline(d, ind + 1);
        sb_puts(d->out, "(returns ");
        expr(d, s->u.funcdef.returns);
        sb_putc(d->out, ')');
    }
    block(d, "body", &s->u.funcdef.body, ind + 1);
}

static void classdef(Dump *d, const PyStmt *s, int ind) {
    sb_printf(d->out, "(class %s", s->u.classdef.name);
    loc(d, s->at);
    decorators(d, &s->u.classdef.decorators, ind);
    if (s->u.classdef.bases.n || s->u.classdef.keywords.n) {
        newline(d, ind + 1);
        sb_puts(d->out, "(bases");
        exprs(d, &s->u.classdef.bases);
        keywords(d, &s->u.classdef.keywords);
        sb_putc(d->out, ')');
    }
    block(d, "body", &s->u.classdef.body, ind + 1);
}

static void try_stmt(Dump *d, const PyStmt *s, int ind) {
    sb_puts(d->out, s->u.try_.is_star ? "(try*" : "(try");
    loc(d, s->at);
    block(d, "body", &s->u.try_.body, ind + 1);
    for (uint32_t i = 0; i < s->u.try_.handlers.n; i++) {
        const PyHandler *h = s->u.try_.handlers.items[i];
        newline(d, ind + 1);
        sb_puts(d->out, "(except");
        if (h->type) opt(d, h->type);
        if (h->name) sb_printf(d->out, " as %s", h->name);
        loc(d, h->at);
        for (uint32_t j = 0; j < h->body.n; j++) stmt(d, h->body.items[j], ind + 2);
        sb_putc(d->out, ')');
    }
    if (s->u.try_.orelse.n) block(d, "else", &s->u.try_.orelse, ind + 1);
    if (s->u.try_.finalbody.n) block(d, "finally", &s->u.try_.finalbody, ind + 1);
}

static void simple(Dump *d, const PyStmt *s) {
    StrBuf *b = d->out;
    switch (s->kind) {
    case PY_S_RETURN: sb_puts(b, "(return"); if (s->u.value) opt(d, s->u.value); break;
    case PY_S_DELETE: sb_puts(b, "(del"); exprs(d, &s->u.targets); break;
    case PY_S_ASSIGN:
        sb_puts(b, "(assign");
        exprs(d, &s->u.assign.targets);
        sb_puts(b, " =");
        opt(d, s->u.assign.value);
        break;
    case PY_S_AUGASSIGN:
        sb_puts(b, "(augassign");
        opt(d, s->u.augassign.target);
        sb_printf(b, " %s=", py_op_text(s->u.augassign.op));
        opt(d, s->u.augassign.value);
        break;
    case PY_S_ANNASSIGN:
        sb_puts(b, "(annassign");
        opt(d, s->u.annassign.target);
        sb_puts(b, " :");
        opt(d, s->u.annassign.annotation);
        if (s->u.annassign.value) {
            sb_puts(b, " =");
            opt(d, s->u.annassign.value);
        }
        break;
    case PY_S_RAISE:
        sb_puts(b, "(raise");
        if (s->u.raise.exc) opt(d, s->u.raise.exc);
        if (s->u.raise.cause) { sb_puts(b, " from"); opt(d, s->u.raise.cause); }
        break;
    case PY_S_ASSERT:
        sb_puts(b, "(assert");
        opt(d, s->u.assert_.test);
        if (s->u.assert_.msg) opt(d, s->u.assert_.msg);
        break;
    case PY_S_IMPORT: sb_puts(b, "(import"); aliases(d, &s->u.names); break;
    case PY_S_IMPORTFROM:
        sb_puts(b, "(from ");
        for (int i = 0; i < s->u.importfrom.level; i++) sb_putc(b, '.');
        sb_printf(b, "%s import", s->u.importfrom.module ? s->u.importfrom.module : "");
        aliases(d, &s->u.importfrom.names);
        break;
    case PY_S_GLOBAL:
    case PY_S_NONLOCAL:
        sb_puts(b, s->kind == PY_S_GLOBAL ? "(global" : "(nonlocal");
        for (uint32_t i = 0; i < s->u.ids.n; i++) sb_printf(b, " %s", s->u.ids.items[i]);
        break;
    case PY_S_EXPR: sb_puts(b, "(expr"); opt(d, s->u.value); break;
    case PY_S_PASS: sb_puts(b, "(pass"); break;
    case PY_S_BREAK: sb_puts(b, "(break"); break;
    case PY_S_CONTINUE: sb_puts(b, "(continue"); break;
    default: break;
    }
    loc(d, s->at);
}

static void stmt(Dump *d, const PyStmt *s, int ind) {
    StrBuf *b = d->out;
    newline(d, ind);
    switch (s->kind) {
    case PY_S_FUNCDEF: funcdef(d, s, ind); break;
    case PY_S_CLASSDEF: classdef(d, s, ind); break;
    case PY_S_TRY: try_stmt(d, s, ind); break;
    case PY_S_IF:
    case PY_S_WHILE:
        sb_puts(b, s->kind == PY_S_IF ? "(if" : "(while");
        opt(d, s->u.while_.test);
        loc(d, s->at);
        block(d, "body", &s->u.while_.body, ind + 1);
        if (s->u.while_.orelse.n) block(d, "else", &s->u.while_.orelse, ind + 1);
        break;
    case PY_S_FOR:
        sb_puts(b, s->u.for_.is_async ? "(async-for" : "(for");
        opt(d, s->u.for_.target);
        sb_puts(b, " in");
        opt(d, s->u.for_.iter);
        loc(d, s->at);
        block(d, "body", &s->u.for_.body, ind + 1);
        if (s->u.for_.orelse.n) block(d, "else", &s->u.for_.orelse, ind + 1);
        break;
    case PY_S_WITH:
        sb_puts(b, s->u.with.is_async ? "(async-with" : "(with");
        for (uint32_t i = 0; i < s->u.with.items.n; i++) {
            const PyWithItem *w = s->u.with.items.items[i];
            sb_puts(b, " (item");
            opt(d, w->ctx);
            if (w->vars) { sb_puts(b, " as"); opt(d, w->vars); }
            sb_putc(b, ')');
        }
        loc(d, s->at);
        block(d, "body", &s->u.with.body, ind + 1);
        break;
    default: simple(d, s); break;
    }
    sb_putc(b, ')');
}

void py_ast_dump(const PyModule *m, StrBuf *out) {
    if (!m) return;
    Dump d = {out, m->src};
    sb_puts(out, "(module");
    for (uint32_t i = 0; i < m->body.n; i++) stmt(&d, m->body.items[i], 1);
    sb_puts(out, ")\n");
}
