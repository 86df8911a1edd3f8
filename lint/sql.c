/* SQL frontend: PostgreSQL text -> changes, through libpg_query's protobuf parse tree (decoded
 * into a scratch arena, never through JSON). The file is split into statements by our tokenizer;
 * statements no rule can care about (function bodies, DO blocks, COMMENT, GRANT, bulk INSERT
 * ... VALUES) are not given a parse tree at all. It does not replay (replay.c does). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "fe.h"
#include "sqlcache.h"
#include "sqllex.h"

typedef PgQuery__Node Node;

typedef struct conv {
    sg_arena *a;        /* the file's arena: results */
    sg_arena *scratch;  /* the protobuf tree of one statement */
    sg_sql_file *out;
    sg_source *src;
    uint32_t base;      /* offset of the statement's text in the source */
    uint32_t stmt_end;
    sg_span stmt;
    bool cache;         /* the language server's statement cache is on: parse one at a time */
} conv;

void sg_problem_add(sg_problem_list *l, sg_arena *a, sg_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sg_problem p = {at, sg_arena_vprintf(a, fmt, ap)};
    va_end(ap);
    sg_vec_push(a, l, p);
}

/* ---- protobuf decoding into an arena ---- */

static void *pb_alloc(void *data, size_t n)
{
    return sg_arena_alloc(data, n);
}

static void pb_free(void *data, void *p)
{
    (void)data;
    (void)p;
}

/* ---- small accessors ---- */

static sg_str dup(conv *c, const char *s)
{
    return s && *s ? sg_str_dup(c->a, sg_str_c(s)) : SG_STR_NULL;
}

static const char *node_str(const Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_STRING && n->string)
        return n->string->sval;
    return NULL;
}

/* End of the list element starting at off: the next comma or closing parenthesis at depth 0. */
static uint32_t element_end(conv *c, uint32_t off)
{
    sg_sqllex lx = sg_sqllex_make(c->src->text, off, c->stmt_end, false);
    int depth = 0;
    uint32_t last = off;
    for (;;) {
        sg_sqltok t = sg_sqllex_next(&lx);
        if (t.kind == SG_SQLTOK_EOF || t.kind == SG_SQLTOK_UNTERMINATED)
            return last;
        if (t.kind == SG_SQLTOK_PUNCT) {
            char ch = c->src->text[t.start];
            if (ch == '(')
                depth++;
            else if (ch == ')') {
                if (depth == 0)
                    return last;
                depth--;
            } else if ((ch == ',' && depth == 0) || ch == ';')
                return last;
        }
        last = t.end;
    }
}

/* The end of the token at off (an identifier, a string): for spans of names and literals. */
static uint32_t token_end(conv *c, uint32_t off)
{
    sg_sqllex lx = sg_sqllex_make(c->src->text, off, c->stmt_end, false);
    sg_sqltok t = sg_sqllex_next(&lx);
    return t.kind == SG_SQLTOK_EOF ? off : t.end;
}

static void range_name(conv *c, const PgQuery__RangeVar *rv, sg_str *schema, sg_str *table)
{
    *schema = rv ? dup(c, rv->schemaname) : SG_STR_NULL;
    *table = rv ? dup(c, rv->relname) : SG_STR_NULL;
}

/* A qualified name given as a list of String nodes: [schema,] name. */
static void list_name(conv *c, Node **items, size_t n, sg_str *schema, sg_str *name)
{
    *schema = SG_STR_NULL;
    *name = SG_STR_NULL;
    if (n == 0)
        return;
    *name = dup(c, node_str(items[n - 1]));
    if (n >= 2)
        *schema = dup(c, node_str(items[n - 2]));
}

static sg_change *emit(conv *c, sg_change_kind kind, sg_span at)
{
    sg_change *ch = sg_arena_alloc(c->a, sizeof *ch);
    ch->kind = kind;
    ch->origin = SG_IN_SQL;
    ch->at = at;
    ch->stmt = c->stmt;
    sg_vec_push(c->a, &c->out->changes, ch);
    return ch;
}

/* ---- types and columns ---- */

static sg_type convert_type(conv *c, const PgQuery__TypeName *tn)
{
    sg_type t = {0};
    if (!tn || tn->n_names == 0 || tn->pct_type) {
        t.unknown = true;
        return t;
    }
    const char *name = node_str(tn->names[tn->n_names - 1]);
    const char *schema = tn->n_names >= 2 ? node_str(tn->names[tn->n_names - 2]) : NULL;
    if (!name) {
        t.unknown = true;
        return t;
    }
    int32_t mods[2] = {0, 0};
    int nmods = 0;
    for (size_t i = 0; i < tn->n_typmods && nmods < 2; i++) {
        const Node *m = tn->typmods[i];
        if (m->node_case == PG_QUERY__NODE__NODE_A_CONST && m->a_const &&
            m->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL && m->a_const->ival)
            mods[nmods++] = m->a_const->ival->ival;
        else {
            t.unknown = true; /* interval fields and the like: not compared */
            return t;
        }
    }
    sg_str nm = dup(c, name);
    t = sg_type_normalize(c->a, nm, mods, nmods, (int)tn->n_array_bounds);
    if (schema && strcmp(schema, "pg_catalog") != 0)
        t.schema = dup(c, schema);
    return t;
}

static bool is_volatile_default(const Node *n)
{
    if (!n)
        return false;
    if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && n->type_cast)
        return is_volatile_default(n->type_cast->arg);
    if (n->node_case == PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION)
        return true;
    if (n->node_case == PG_QUERY__NODE__NODE_FUNC_CALL && n->func_call) {
        const PgQuery__FuncCall *f = n->func_call;
        const char *fn = f->n_funcname ? node_str(f->funcname[f->n_funcname - 1]) : NULL;
        static const char *const volatile_fns[] = {
            "now", "random", "gen_random_uuid", "nextval", "uuid_generate_v4", "uuid_generate_v1",
            "clock_timestamp", "statement_timestamp", "transaction_timestamp", "timeofday",
        };
        for (size_t i = 0; fn && i < sizeof volatile_fns / sizeof volatile_fns[0]; i++)
            if (strcmp(fn, volatile_fns[i]) == 0)
                return true;
    }
    return false;
}

static sg_constraint *convert_constraint(conv *c, const PgQuery__Constraint *k, sg_str column);

/* Fills a column from a ColumnDef, including its inline constraints. table may be NULL (ALTER
 * COLUMN TYPE); inline PRIMARY KEY / UNIQUE / REFERENCES become table constraints there. */
static sg_column *convert_column(conv *c, const PgQuery__ColumnDef *cd, sg_table *table)
{
    sg_column *col = sg_arena_alloc(c->a, sizeof *col);
    col->name = dup(c, cd->colname);
    col->type = convert_type(c, cd->type_name);
    uint32_t start = cd->location >= 0 ? c->base + (uint32_t)cd->location : c->stmt.start;
    col->span = sg_span_make(c->src, start, element_end(c, start));
    col->not_null = cd->is_not_null;
    if (cd->type_name && cd->type_name->n_names) {
        const char *tn = node_str(cd->type_name->names[cd->type_name->n_names - 1]);
        if (tn && (strcmp(tn, "serial") == 0 || strcmp(tn, "bigserial") == 0 ||
                   strcmp(tn, "smallserial") == 0 || strcmp(tn, "serial4") == 0 ||
                   strcmp(tn, "serial8") == 0 || strcmp(tn, "serial2") == 0)) {
            col->identity = true;
            col->has_default = true;
            col->default_volatile = true;
            col->not_null = true;
        }
    }
    if (cd->raw_default) {
        col->has_default = true;
        col->default_volatile = is_volatile_default(cd->raw_default);
    }
    for (size_t i = 0; i < cd->n_constraints; i++) {
        const Node *n = cd->constraints[i];
        if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT || !n->constraint)
            continue;
        const PgQuery__Constraint *k = n->constraint;
        switch (k->contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
            col->not_null = true;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
            col->not_null = false;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
            /* DEFAULT NULL is no default at all for a NOT NULL column. */
            if (k->raw_expr && k->raw_expr->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                k->raw_expr->a_const && k->raw_expr->a_const->isnull)
                break;
            col->has_default = true;
            col->default_volatile = is_volatile_default(k->raw_expr);
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
            col->identity = true;
            col->has_default = true;
            col->not_null = true;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
            col->generated = true;
            col->has_default = true;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
            col->primary_key = true;
            col->not_null = true;
            /* fallthrough */
        case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
            if (table) {
                sg_constraint *sc = convert_constraint(c, k, col->name);
                sg_vec_push(c->a, &table->constraints, sc);
            }
            break;
        default:
            break;
        }
    }
    return col;
}

static sg_constraint *convert_constraint(conv *c, const PgQuery__Constraint *k, sg_str column)
{
    sg_constraint *sc = sg_arena_alloc(c->a, sizeof *sc);
    switch (k->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: sc->kind = SG_CONSTRAINT_PRIMARY; break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: sc->kind = SG_CONSTRAINT_UNIQUE; break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: sc->kind = SG_CONSTRAINT_FOREIGN; break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: sc->kind = SG_CONSTRAINT_EXCLUDE; break;
    default: sc->kind = SG_CONSTRAINT_CHECK; break;
    }
    sc->name = dup(c, k->conname);
    sc->not_valid = k->skip_validation;
    if (column.len)
        sg_vec_push(c->a, &sc->columns, column);
    for (size_t i = 0; i < k->n_keys; i++)
        if (node_str(k->keys[i]))
            sg_vec_push(c->a, &sc->columns, dup(c, node_str(k->keys[i])));
    for (size_t i = 0; i < k->n_fk_attrs; i++)
        if (node_str(k->fk_attrs[i]))
            sg_vec_push(c->a, &sc->columns, dup(c, node_str(k->fk_attrs[i])));
    if (k->pktable)
        range_name(c, k->pktable, &sc->ref_schema, &sc->ref_table);
    for (size_t i = 0; i < k->n_pk_attrs; i++)
        if (node_str(k->pk_attrs[i]))
            sg_vec_push(c->a, &sc->ref_columns, dup(c, node_str(k->pk_attrs[i])));
    uint32_t start = k->location >= 0 ? c->base + (uint32_t)k->location : c->stmt.start;
    sc->span = sg_span_make(c->src, start, element_end(c, start));
    return sc;
}

/* ---- statements ---- */

static void on_create(conv *c, const PgQuery__CreateStmt *s)
{
    sg_table *t = sg_arena_alloc(c->a, sizeof *t);
    range_name(c, s->relation, &t->schema, &t->name);
    t->schema = sg_model_schema_or_public(t->schema);
    t->span = c->stmt;
    for (size_t i = 0; i < s->n_table_elts; i++) {
        const Node *n = s->table_elts[i];
        if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF && n->column_def) {
            sg_column *col = convert_column(c, n->column_def, t);
            sg_vec_push(c->a, &t->columns, col);
        } else if (n->node_case == PG_QUERY__NODE__NODE_CONSTRAINT && n->constraint) {
            sg_constraint *k = convert_constraint(c, n->constraint, SG_STR_NULL);
            if (k->kind == SG_CONSTRAINT_PRIMARY)
                for (size_t j = 0; j < k->columns.len; j++)
                    for (size_t m = 0; m < t->columns.len; m++)
                        if (sg_str_eq(t->columns.items[m]->name, k->columns.items[j])) {
                            t->columns.items[m]->primary_key = true;
                            t->columns.items[m]->not_null = true;
                        }
            sg_vec_push(c->a, &t->constraints, k);
        }
    }
    sg_change *ch = emit(c, SG_CHANGE_CREATE_TABLE, c->stmt);
    ch->schema = t->schema;
    ch->table = t->name;
    ch->def = t;
    ch->if_not_exists = s->if_not_exists;
}

/* The spans of the comma-separated sub-commands of ALTER TABLE, for exact locations: the parse
 * tree gives AlterTableCmd no location. Returns how many were found. */
static size_t alter_cmd_spans(conv *c, sg_span *spans, size_t max)
{
    const char *s = c->src->text;
    sg_sqllex lx = sg_sqllex_make(s, c->stmt.start, c->stmt_end, false);
    sg_sqltok t;
    /* ALTER TABLE [IF EXISTS] [ONLY] name [*] */
    do
        t = sg_sqllex_next(&lx);
    while (t.kind == SG_SQLTOK_WORD &&
           (sg_sqltok_is(s, t, "alter") || sg_sqltok_is(s, t, "table") ||
            sg_sqltok_is(s, t, "if") || sg_sqltok_is(s, t, "exists") ||
            sg_sqltok_is(s, t, "only") || sg_sqltok_is(s, t, "foreign")));
    /* t is the first name part; consume dotted parts */
    for (;;) {
        sg_sqllex save = lx;
        sg_sqltok d = sg_sqllex_next(&lx);
        if (d.kind == SG_SQLTOK_PUNCT && s[d.start] == '.') {
            sg_sqllex_next(&lx);
            continue;
        }
        if (d.kind == SG_SQLTOK_PUNCT && s[d.start] == '*')
            break;
        lx = save;
        break;
    }
    size_t n = 0;
    int depth = 0;
    uint32_t seg_start = 0, last = 0;
    for (;;) {
        t = sg_sqllex_next(&lx);
        if (t.kind == SG_SQLTOK_EOF || t.kind == SG_SQLTOK_UNTERMINATED ||
            (t.kind == SG_SQLTOK_PUNCT && s[t.start] == ';'))
            break;
        if (!seg_start)
            seg_start = t.start;
        if (t.kind == SG_SQLTOK_PUNCT) {
            char ch = s[t.start];
            if (ch == '(')
                depth++;
            else if (ch == ')')
                depth--;
            else if (ch == ',' && depth == 0) {
                if (n < max)
                    spans[n] = sg_span_make(c->src, seg_start, last);
                n++;
                seg_start = 0;
                continue;
            }
        }
        last = t.end;
    }
    if (seg_start) {
        if (n < max)
            spans[n] = sg_span_make(c->src, seg_start, last);
        n++;
    }
    return n;
}

static void on_alter_table(conv *c, const PgQuery__AlterTableStmt *s)
{
    if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
        return;
    sg_str schema, table;
    range_name(c, s->relation, &schema, &table);
    schema = sg_model_schema_or_public(schema);
    sg_span spans_local[16];
    sg_span *spans = s->n_cmds <= 16 ? spans_local : sg_arena_alloc(c->scratch, s->n_cmds * sizeof *spans);
    size_t nspans = alter_cmd_spans(c, spans, s->n_cmds);
    bool exact = nspans == s->n_cmds;
    for (size_t i = 0; i < s->n_cmds; i++) {
        const Node *n = s->cmds[i];
        if (n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD || !n->alter_table_cmd)
            continue;
        const PgQuery__AlterTableCmd *cmd = n->alter_table_cmd;
        sg_span at = exact ? spans[i] : c->stmt;
        sg_change *ch = NULL;
        switch (cmd->subtype) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
            if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
                break;
            {
                sg_table *tmp = sg_arena_alloc(c->a, sizeof *tmp);
                ch = emit(c, SG_CHANGE_ADD_COLUMN, at);
                ch->column = convert_column(c, cmd->def->column_def, tmp);
                ch->name = ch->column->name;
                ch->new_type = ch->column->type;
                ch->if_not_exists = cmd->missing_ok;
                /* Inline REFERENCES / UNIQUE / CHECK on the new column are constraints too. */
                for (size_t k = 0; k < tmp->constraints.len; k++) {
                    sg_change *kc = emit(c, SG_CHANGE_ADD_CONSTRAINT, at);
                    kc->schema = schema;
                    kc->table = table;
                    kc->constraint = tmp->constraints.items[k];
                    kc->name = kc->constraint->name;
                    kc->not_valid = kc->constraint->not_valid;
                }
            }
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
            ch = emit(c, SG_CHANGE_DROP_COLUMN, at);
            ch->name = dup(c, cmd->name);
            ch->if_exists = cmd->missing_ok;
            ch->cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
            ch = emit(c, SG_CHANGE_ALTER_COLUMN_TYPE, at);
            ch->name = dup(c, cmd->name);
            if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF &&
                cmd->def->column_def)
                ch->new_type = convert_type(c, cmd->def->column_def->type_name);
            else
                ch->new_type.unknown = true;
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
            ch = emit(c, SG_CHANGE_SET_NOT_NULL, at);
            ch->name = dup(c, cmd->name);
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
            ch = emit(c, SG_CHANGE_DROP_NOT_NULL, at);
            ch->name = dup(c, cmd->name);
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
            ch = emit(c, cmd->def ? SG_CHANGE_SET_DEFAULT : SG_CHANGE_DROP_DEFAULT, at);
            ch->name = dup(c, cmd->name);
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
            if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
                break;
            ch = emit(c, SG_CHANGE_ADD_CONSTRAINT, at);
            ch->constraint = convert_constraint(c, cmd->def->constraint, SG_STR_NULL);
            ch->name = ch->constraint->name;
            ch->not_valid = ch->constraint->not_valid;
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
            ch = emit(c, SG_CHANGE_DROP_CONSTRAINT, at);
            ch->name = dup(c, cmd->name);
            ch->if_exists = cmd->missing_ok;
            ch->cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
            ch = emit(c, SG_CHANGE_VALIDATE_CONSTRAINT, at);
            ch->name = dup(c, cmd->name);
            break;
        default:
            break;
        }
        if (ch) {
            ch->schema = schema;
            ch->table = table;
            ch->if_exists = ch->if_exists || (s->missing_ok && ch->kind != SG_CHANGE_DROP_COLUMN);
        }
    }
}

static void on_drop(conv *c, const PgQuery__DropStmt *s)
{
    sg_change_kind kind;
    switch (s->remove_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: kind = SG_CHANGE_DROP_TABLE; break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: kind = SG_CHANGE_DROP_INDEX; break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: kind = SG_CHANGE_DROP_ENUM; break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: kind = SG_CHANGE_DROP_SCHEMA; break;
    default: return;
    }
    for (size_t i = 0; i < s->n_objects; i++) {
        const Node *o = s->objects[i];
        sg_str schema = SG_STR_NULL, name = SG_STR_NULL;
        if (o->node_case == PG_QUERY__NODE__NODE_LIST && o->list)
            list_name(c, o->list->items, o->list->n_items, &schema, &name);
        else if (o->node_case == PG_QUERY__NODE__NODE_STRING)
            name = dup(c, node_str(o));
        else if (o->node_case == PG_QUERY__NODE__NODE_TYPE_NAME && o->type_name)
            list_name(c, o->type_name->names, o->type_name->n_names, &schema, &name);
        if (!name.len)
            continue;
        sg_change *ch = emit(c, kind, c->stmt);
        ch->schema = kind == SG_CHANGE_DROP_SCHEMA ? SG_STR_NULL : sg_model_schema_or_public(schema);
        if (kind == SG_CHANGE_DROP_TABLE)
            ch->table = name;
        else if (kind == SG_CHANGE_DROP_ENUM)
            ch->table = name;
        ch->name = name;
        ch->if_exists = s->missing_ok;
        ch->cascade = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
        ch->concurrently = s->concurrent;
    }
}

static void on_rename(conv *c, const PgQuery__RenameStmt *s)
{
    sg_change *ch = NULL;
    sg_str schema = SG_STR_NULL, table = SG_STR_NULL;
    if (s->relation)
        range_name(c, s->relation, &schema, &table);
    switch (s->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        ch = emit(c, SG_CHANGE_RENAME_TABLE, c->stmt);
        ch->name = table;
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
        if (s->relation_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
            return;
        ch = emit(c, SG_CHANGE_RENAME_COLUMN, c->stmt);
        ch->name = dup(c, s->subname);
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        ch = emit(c, SG_CHANGE_RENAME_INDEX, c->stmt);
        ch->name = table;
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        ch = emit(c, SG_CHANGE_RENAME_SCHEMA, c->stmt);
        ch->name = dup(c, s->subname);
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
        if (!s->object || s->object->node_case != PG_QUERY__NODE__NODE_LIST || !s->object->list)
            return;
        ch = emit(c, SG_CHANGE_RENAME_ENUM, c->stmt);
        list_name(c, s->object->list->items, s->object->list->n_items, &schema, &table);
        ch->name = table;
        break;
    default:
        return;
    }
    ch->schema = sg_model_schema_or_public(schema);
    ch->table = table;
    ch->new_name = dup(c, s->newname);
    ch->if_exists = s->missing_ok;
}

static void on_index(conv *c, const PgQuery__IndexStmt *s)
{
    sg_change *ch = emit(c, SG_CHANGE_CREATE_INDEX, c->stmt);
    range_name(c, s->relation, &ch->schema, &ch->table);
    ch->schema = sg_model_schema_or_public(ch->schema);
    sg_index *ix = sg_arena_alloc(c->a, sizeof *ix);
    ix->name = dup(c, s->idxname);
    ix->unique = s->unique;
    ix->span = c->stmt;
    for (size_t i = 0; i < s->n_index_params; i++) {
        const Node *p = s->index_params[i];
        if (p->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM && p->index_elem &&
            p->index_elem->name && *p->index_elem->name)
            sg_vec_push(c->a, &ix->columns, dup(c, p->index_elem->name));
    }
    ch->index = ix;
    ch->name = ix->name;
    ch->unique = s->unique;
    ch->concurrently = s->concurrent;
    ch->if_not_exists = s->if_not_exists;
}

static void on_create_enum(conv *c, const PgQuery__CreateEnumStmt *s)
{
    sg_change *ch = emit(c, SG_CHANGE_CREATE_ENUM, c->stmt);
    list_name(c, s->type_name, s->n_type_name, &ch->schema, &ch->table);
    ch->schema = sg_model_schema_or_public(ch->schema);
    ch->name = ch->table;
    for (size_t i = 0; i < s->n_vals; i++)
        if (node_str(s->vals[i]))
            sg_vec_push(c->a, &ch->values, dup(c, node_str(s->vals[i])));
}

static void on_alter_enum(conv *c, const PgQuery__AlterEnumStmt *s)
{
    bool rename = s->old_val && *s->old_val;
    sg_change *ch = emit(c, rename ? SG_CHANGE_RENAME_ENUM_VALUE : SG_CHANGE_ADD_ENUM_VALUE, c->stmt);
    list_name(c, s->type_name, s->n_type_name, &ch->schema, &ch->table);
    ch->schema = sg_model_schema_or_public(ch->schema);
    ch->name = rename ? dup(c, s->old_val) : dup(c, s->new_val);
    ch->new_name = dup(c, s->new_val);
    ch->if_not_exists = s->skip_if_new_val_exists;
}

static void collect_column_refs(conv *c, const Node *n, sg_change *ch, int depth);

static void collect_list(conv *c, Node **items, size_t n, sg_change *ch, int depth)
{
    for (size_t i = 0; i < n; i++)
        collect_column_refs(c, items[i], ch, depth + 1);
}

/* The columns an expression reads, for recognising copy steps (SET new = old). Deep trees are
 * cut off: a copy step is a shallow expression. */
static void collect_column_refs(conv *c, const Node *n, sg_change *ch, int depth)
{
    if (!n || depth > 32)
        return;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        if (n->column_ref && n->column_ref->n_fields) {
            size_t nf = n->column_ref->n_fields;
            const char *f = node_str(n->column_ref->fields[nf - 1]);
            const char *q = nf >= 2 ? node_str(n->column_ref->fields[nf - 2]) : NULL;
            /* "q.col" for a qualified reference: on_update resolves q */
            if (f)
                sg_vec_push(c->a, &ch->reads,
                            q ? sg_str_c(sg_arena_printf(c->a, "%s.%s", q, f)) : dup(c, f));
        }
        break;
    case PG_QUERY__NODE__NODE_TYPE_CAST:
        collect_column_refs(c, n->type_cast->arg, ch, depth + 1);
        break;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        collect_list(c, n->func_call->args, n->func_call->n_args, ch, depth);
        break;
    case PG_QUERY__NODE__NODE_A_EXPR:
        collect_column_refs(c, n->a_expr->lexpr, ch, depth + 1);
        collect_column_refs(c, n->a_expr->rexpr, ch, depth + 1);
        break;
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        collect_list(c, n->coalesce_expr->args, n->coalesce_expr->n_args, ch, depth);
        break;
    case PG_QUERY__NODE__NODE_CASE_EXPR:
        collect_column_refs(c, n->case_expr->arg, ch, depth + 1);
        collect_list(c, n->case_expr->args, n->case_expr->n_args, ch, depth);
        collect_column_refs(c, n->case_expr->defresult, ch, depth + 1);
        break;
    case PG_QUERY__NODE__NODE_CASE_WHEN:
        collect_column_refs(c, n->case_when->expr, ch, depth + 1);
        collect_column_refs(c, n->case_when->result, ch, depth + 1);
        break;
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
        collect_list(c, n->bool_expr->args, n->bool_expr->n_args, ch, depth);
        break;
    case PG_QUERY__NODE__NODE_LIST:
        collect_list(c, n->list->items, n->list->n_items, ch, depth);
        break;
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: /* SET tags = ARRAY[tag] */
        collect_list(c, n->a_array_expr->elements, n->a_array_expr->n_elements, ch, depth);
        break;
    case PG_QUERY__NODE__NODE_ROW_EXPR:
        collect_list(c, n->row_expr->args, n->row_expr->n_args, ch, depth);
        break;
    default:
        break;
    }
}

/* WHERE x IS NULL (alone or inside AND/OR): the column a backfill targets. */
static const char *where_is_null(const Node *n, int depth)
{
    if (!n || depth > 8)
        return NULL;
    if (n->node_case == PG_QUERY__NODE__NODE_NULL_TEST && n->null_test &&
        n->null_test->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NULL && n->null_test->arg &&
        n->null_test->arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
        const PgQuery__ColumnRef *r = n->null_test->arg->column_ref;
        return r->n_fields ? node_str(r->fields[r->n_fields - 1]) : NULL;
    }
    if (n->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR && n->bool_expr)
        for (size_t i = 0; i < n->bool_expr->n_args; i++) {
            const char *r = where_is_null(n->bool_expr->args[i], depth + 1);
            if (r)
                return r;
        }
    return NULL;
}

static bool range_named(const PgQuery__RangeVar *rv, sg_str q)
{
    if (!rv)
        return false;
    const char *name = rv->alias && rv->alias->aliasname && *rv->alias->aliasname
                           ? rv->alias->aliasname
                           : rv->relname;
    return name && sg_str_eq_c(q, name);
}

/* A qualified read "q.col": the bare column when q is the updated table, "table.col" when q is
 * a table of the FROM list (UPDATE t SET x = s.x FROM s: a copy from another table). */
static sg_str resolve_read(conv *c, const PgQuery__UpdateStmt *s, sg_str ref)
{
    const char *dot = ref.len ? memchr(ref.ptr, '.', ref.len) : NULL;
    if (!dot)
        return ref;
    sg_str q = {ref.ptr, (size_t)(dot - ref.ptr)};
    sg_str col = {dot + 1, ref.len - q.len - 1};
    for (size_t i = 0; i < s->n_from_clause; i++) {
        const Node *f = s->from_clause[i];
        if (f->node_case == PG_QUERY__NODE__NODE_RANGE_VAR && range_named(f->range_var, q) &&
            !range_named(s->relation, q))
            return sg_str_c(sg_arena_printf(c->a, "%s.%.*s", f->range_var->relname,
                                            SG_STR_FMT(col)));
    }
    return col;
}

/* What a SET target is given: COALESCE(col, ...) changes only the NULLs (a backfill); an
 * expression reading another column (or another table's, "table.col") is a copy step (SET new =
 * old::text); anything else is a value. reads[first..] are the columns the expression reads. */
static sg_set_kind set_kind(const Node *val, sg_str target, const sg_change *ch, size_t first)
{
    if (val && val->node_case == PG_QUERY__NODE__NODE_COALESCE_EXPR && val->coalesce_expr &&
        val->coalesce_expr->n_args >= 2) {
        const Node *a0 = val->coalesce_expr->args[0];
        if (a0->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && a0->column_ref->n_fields) {
            const char *f = node_str(a0->column_ref->fields[a0->column_ref->n_fields - 1]);
            if (f && sg_str_eq_c(target, f))
                return SG_SET_FILL_NULL;
        }
    }
    for (size_t i = first; i < ch->reads.len; i++)
        if (!sg_str_eq(ch->reads.items[i], target))
            return SG_SET_COPY;
    return SG_SET_VALUE;
}

static void on_update(conv *c, const PgQuery__UpdateStmt *s)
{
    sg_change *ch = emit(c, SG_CHANGE_UPDATE, c->stmt);
    range_name(c, s->relation, &ch->schema, &ch->table);
    ch->schema = sg_model_schema_or_public(ch->schema);
    ch->has_where = s->where_clause != NULL;
    for (size_t i = 0; i < s->n_target_list; i++) {
        const Node *n = s->target_list[i];
        if (n->node_case != PG_QUERY__NODE__NODE_RES_TARGET || !n->res_target)
            continue;
        if (!n->res_target->name)
            continue;
        sg_str target = dup(c, n->res_target->name);
        sg_vec_push(c->a, &ch->values, target);
        size_t first = ch->reads.len;
        collect_column_refs(c, n->res_target->val, ch, 0);
        for (size_t k = first; k < ch->reads.len; k++)
            ch->reads.items[k] = resolve_read(c, s, ch->reads.items[k]);
        sg_vec_push(c->a, &ch->set_kinds, set_kind(n->res_target->val, target, ch, first));
    }
    const char *wn = where_is_null(s->where_clause, 0);
    if (wn)
        ch->where_null = dup(c, wn);
}

static void on_delete(conv *c, const PgQuery__DeleteStmt *s)
{
    sg_change *ch = emit(c, SG_CHANGE_DELETE, c->stmt);
    range_name(c, s->relation, &ch->schema, &ch->table);
    ch->schema = sg_model_schema_or_public(ch->schema);
    ch->has_where = s->where_clause != NULL;
    /* DELETE ... WHERE x IS NULL before SET NOT NULL removes the rows that would fail it. */
    const char *wn = where_is_null(s->where_clause, 0);
    if (wn)
        ch->where_null = dup(c, wn);
}

static void on_truncate(conv *c, const PgQuery__TruncateStmt *s)
{
    for (size_t i = 0; i < s->n_relations; i++) {
        const Node *n = s->relations[i];
        if (n->node_case != PG_QUERY__NODE__NODE_RANGE_VAR || !n->range_var)
            continue;
        sg_change *ch = emit(c, SG_CHANGE_TRUNCATE, c->stmt);
        range_name(c, n->range_var, &ch->schema, &ch->table);
        ch->schema = sg_model_schema_or_public(ch->schema);
        ch->cascade = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    }
}

static void on_insert(conv *c, const PgQuery__InsertStmt *s)
{
    if (!s->select_stmt || s->select_stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
        return;
    const PgQuery__SelectStmt *sel = s->select_stmt->select_stmt;
    if (!sel || sel->n_from_clause == 0)
        return;
    sg_change *ch = emit(c, SG_CHANGE_INSERT_SELECT, c->stmt);
    range_name(c, s->relation, &ch->schema, &ch->table);
    ch->schema = sg_model_schema_or_public(ch->schema);
    const PgQuery__RangeVar *only = NULL;
    for (size_t i = 0; i < sel->n_from_clause; i++) {
        const Node *f = sel->from_clause[i];
        if (f->node_case == PG_QUERY__NODE__NODE_RANGE_VAR && f->range_var) {
            sg_vec_push(c->a, &ch->reads, dup(c, f->range_var->relname));
            only = sel->n_from_clause == 1 ? f->range_var : NULL;
        }
    }
    /* The columns the select list reads, as "table.col" ("table.*" for *): a copy step for
     * a column dropped afterwards (INSERT INTO orgs SELECT cloud_config FROM projects). */
    sg_change cols = {0};
    for (size_t i = 0; i < sel->n_target_list; i++) {
        const Node *t = sel->target_list[i];
        if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET || !t->res_target)
            continue;
        const Node *v = t->res_target->val;
        if (v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && v->column_ref->n_fields &&
            v->column_ref->fields[v->column_ref->n_fields - 1]->node_case ==
                PG_QUERY__NODE__NODE_A_STAR) {
            size_t nf = v->column_ref->n_fields;
            const char *q = nf >= 2 ? node_str(v->column_ref->fields[nf - 2]) : NULL;
            sg_vec_push(c->a, &cols.reads,
                        sg_str_c(q ? sg_arena_printf(c->a, "%s.*", q) : "*"));
            continue;
        }
        collect_column_refs(c, v, &cols, 0);
    }
    for (size_t i = 0; i < cols.reads.len; i++) {
        sg_str r = cols.reads.items[i];
        const char *dot = r.len ? memchr(r.ptr, '.', r.len) : NULL;
        const char *rel = NULL;
        if (dot) {
            sg_str q = {r.ptr, (size_t)(dot - r.ptr)};
            for (size_t k = 0; k < sel->n_from_clause && !rel; k++) {
                const Node *f = sel->from_clause[k];
                if (f->node_case == PG_QUERY__NODE__NODE_RANGE_VAR && range_named(f->range_var, q))
                    rel = f->range_var->relname;
            }
            r = (sg_str){dot + 1, r.len - q.len - 1};
        } else if (only) {
            rel = only->relname;
        }
        if (rel)
            sg_vec_push(c->a, &ch->reads,
                        sg_str_c(sg_arena_printf(c->a, "%s.%.*s", rel, SG_STR_FMT(r))));
    }
}

static void on_role(conv *c, const char *role, Node **opts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const Node *o = opts[i];
        if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !o->def_elem ||
            strcmp(o->def_elem->defname, "password") != 0)
            continue;
        const Node *arg = o->def_elem->arg;
        /* PASSWORD NULL has no secret; a literal string does. */
        if (!arg || arg->node_case != PG_QUERY__NODE__NODE_STRING)
            continue;
        uint32_t start = o->def_elem->location >= 0 ? c->base + (uint32_t)o->def_elem->location
                                                     : c->stmt.start;
        /* PASSWORD 'x': the span covers the keyword and the literal ([ENCRYPTED] PASSWORD). */
        uint32_t kw_end = token_end(c, start);
        if (kw_end - start == 9 && strncasecmp(c->src->text + start, "encrypted", 9) == 0)
            kw_end = token_end(c, sg_sqllex_skip_space(c->src->text, kw_end, c->stmt_end));
        uint32_t lit_end = token_end(c, sg_sqllex_skip_space(c->src->text, kw_end, c->stmt_end));
        sg_change *ch = emit(c, SG_CHANGE_ROLE_PASSWORD, sg_span_make(c->src, start, lit_end));
        ch->name = dup(c, role);
    }
}

static void convert_stmt(conv *c, const Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT: on_create(c, n->create_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: on_alter_table(c, n->alter_table_stmt); break;
    case PG_QUERY__NODE__NODE_DROP_STMT: on_drop(c, n->drop_stmt); break;
    case PG_QUERY__NODE__NODE_RENAME_STMT: on_rename(c, n->rename_stmt); break;
    case PG_QUERY__NODE__NODE_INDEX_STMT: on_index(c, n->index_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: on_create_enum(c, n->create_enum_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: on_alter_enum(c, n->alter_enum_stmt); break;
    case PG_QUERY__NODE__NODE_UPDATE_STMT: on_update(c, n->update_stmt); break;
    case PG_QUERY__NODE__NODE_DELETE_STMT: on_delete(c, n->delete_stmt); break;
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT: on_truncate(c, n->truncate_stmt); break;
    case PG_QUERY__NODE__NODE_INSERT_STMT: on_insert(c, n->insert_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: {
        sg_change *ch = emit(c, SG_CHANGE_CREATE_SCHEMA, c->stmt);
        ch->name = dup(c, n->create_schema_stmt->schemaname);
        ch->if_not_exists = n->create_schema_stmt->if_not_exists;
        break;
    }
    case PG_QUERY__NODE__NODE_DROPDB_STMT: {
        sg_change *ch = emit(c, SG_CHANGE_DROP_DATABASE, c->stmt);
        ch->name = dup(c, n->dropdb_stmt->dbname);
        ch->if_exists = n->dropdb_stmt->missing_ok;
        break;
    }
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
        on_role(c, n->create_role_stmt->role, n->create_role_stmt->options,
                n->create_role_stmt->n_options);
        break;
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
        on_role(c, n->alter_role_stmt->role ? n->alter_role_stmt->role->rolename : NULL,
                n->alter_role_stmt->options, n->alter_role_stmt->n_options);
        break;
    default:
        break;
    }
}

/* ---- which statements need a tree ---- */

/* Decides from the leading keywords whether any rule can care about the statement. Unknown
 * shapes get a tree: only known-irrelevant statements are skipped. */
static bool needs_tree(const char *s, uint32_t start, uint32_t end)
{
    sg_sqllex lx = sg_sqllex_make(s, start, end, false);
    sg_sqltok t1 = sg_sqllex_next(&lx);
    sg_sqltok t2 = sg_sqllex_next(&lx);
    sg_sqltok t3 = sg_sqllex_next(&lx);
    if (t1.kind != SG_SQLTOK_WORD)
        return t1.kind != SG_SQLTOK_EOF;
    static const char *const skip_first[] = {
        "comment", "grant", "revoke", "do", "begin", "commit", "end", "start", "rollback",
        "set", "reset", "select", "analyze", "vacuum", "refresh", "notify", "lock", "savepoint",
        "release", "show", "explain", "copy", "call", "discard", "reindex", "cluster",
        "security", "checkpoint", "listen", "prepare", "execute", "deallocate",
    };
    for (size_t i = 0; i < sizeof skip_first / sizeof skip_first[0]; i++)
        if (sg_sqltok_is(s, t1, skip_first[i]))
            return false;
    if (sg_sqltok_is(s, t1, "create")) {
        if (sg_sqltok_is(s, t2, "or"))
            return false; /* CREATE OR REPLACE: functions, views, triggers */
        static const char *const skip[] = {
            "function", "procedure", "trigger", "view", "policy", "extension", "sequence",
            "aggregate", "operator", "cast", "rule", "publication", "subscription", "domain",
            "collation", "language", "event", "statistics", "server", "foreign", "text",
            "conversion", "access", "transform", "tablespace", "materialized", "constraint",
        };
        for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
            if (sg_sqltok_is(s, t2, skip[i]))
                return sg_sqltok_is(s, t2, "foreign") && sg_sqltok_is(s, t3, "table") ? false
                                                                                      : false;
        return true;
    }
    if (sg_sqltok_is(s, t1, "alter")) {
        static const char *const keep[] = {"table", "type", "role", "user", "index", "schema",
                                           "group"};
        for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
            if (sg_sqltok_is(s, t2, keep[i]))
                return true;
        return false;
    }
    if (sg_sqltok_is(s, t1, "drop")) {
        static const char *const keep[] = {"table", "type", "index", "schema", "database"};
        for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
            if (sg_sqltok_is(s, t2, keep[i]))
                return true;
        return false;
    }
    if (sg_sqltok_is(s, t1, "insert")) {
        /* Bulk INSERT ... VALUES is seed data: only INSERT ... SELECT can be a copy step. */
        for (sg_sqltok t = t3; t.kind != SG_SQLTOK_EOF; t = sg_sqllex_next(&lx)) {
            if (sg_sqltok_is(s, t, "values"))
                return false;
            if (sg_sqltok_is(s, t, "select"))
                return true;
        }
        return false;
    }
    return true;
}

/* ---- driver ---- */

static void parse_error(conv *c, uint32_t base, uint32_t stmt_start, uint32_t stmt_end,
                        const PgQueryError *e)
{
    uint32_t pos = e->cursorpos > 0 ? base + (uint32_t)e->cursorpos - 1 : stmt_start;
    if (pos > stmt_end)
        pos = stmt_end;
    uint32_t end = token_end(c, pos);
    if (end <= pos)
        end = pos < c->src->len ? pos + 1 : pos;
    const char *msg = e->message ? e->message : "syntax error";
    /* PostgreSQL quotes the rest of the input after "at or near" for unterminated tokens:
     * keep the message to one short line. */
    size_t n = strlen(msg), keep = 0;
    char *clean = sg_arena_alloc(c->a, n + 8);
    for (size_t i = 0; i < n && keep < 160; i++) {
        if (msg[i] == '\n' || msg[i] == '\r') {
            memcpy(clean + keep, "...\"", 4);
            keep += 4;
            break;
        }
        clean[keep++] = msg[i];
    }
    if (keep >= 160 && keep < n)
        memcpy(clean + keep, "...", 3);
    /* Bison's parser stack stops at 10,000 levels and says "memory exhausted": say why. */
    bool deep = strncmp(msg, "memory exhausted", 16) == 0;
    sg_problem_add(&c->out->problems, c->a, sg_span_make(c->src, pos, end), "%s%s", clean,
                   deep ? " (nested deeper than the PostgreSQL parser allows)" : "");
}

/* Parses text[start, end) as one statement (or a few) and converts what it holds. On a syntax
 * error, reports it when `report` is set and returns false (nothing is converted). */
static bool parse_range(conv *c, uint32_t start, uint32_t end, bool report)
{
    size_t n = end - start;
    c->stmt_end = end;
    char *buf = sg_arena_strndup(c->scratch, c->src->text + start, n);
    uint8_t *cached = NULL;
    size_t len = 0;
    PgQuery__ParseResult *tree = NULL;
    ProtobufCAllocator alloc = {pb_alloc, pb_free, c->scratch};
    if (c->cache && sg_sqlcache_get(buf, n, &cached, &len)) {
        tree = pg_query__parse_result__unpack(&alloc, len, cached);
        free(cached);
    } else {
        PgQueryProtobufParseResult r = pg_query_parse_protobuf(buf);
        if (r.error) {
            if (report)
                parse_error(c, start, start, end, r.error);
            pg_query_free_protobuf_parse_result(r);
            return false;
        }
        if (c->cache)
            sg_sqlcache_put(buf, n, (const uint8_t *)r.parse_tree.data, r.parse_tree.len);
        tree = pg_query__parse_result__unpack(&alloc, r.parse_tree.len,
                                              (const uint8_t *)r.parse_tree.data);
        pg_query_free_protobuf_parse_result(r);
    }
    if (!tree) {
        sg_problem_add(&c->out->problems, c->a, sg_span_make(c->src, start, end),
                       "could not decode the parse tree");
        return true;
    }
    for (size_t i = 0; i < tree->n_stmts; i++) {
        const PgQuery__RawStmt *rs = tree->stmts[i];
        if (!rs->stmt)
            continue;
        uint32_t s0 = start + (uint32_t)(rs->stmt_location > 0 ? rs->stmt_location : 0);
        uint32_t s1 = rs->stmt_len > 0 ? s0 + (uint32_t)rs->stmt_len : end;
        s0 = sg_sqllex_skip_space(c->src->text, s0, s1);
        c->base = start;
        c->stmt_end = s1;
        c->stmt = sg_span_make(c->src, s0, s1);
        c->out->parsed++;
        convert_stmt(c, rs->stmt);
    }
    return true;
}

/* Consecutive statements that need a tree are parsed in one call: each call to the parser has
 * a fixed cost (memory contexts, protobuf set-up) that dominates short DDL statements. When a
 * batch has a syntax error, its statements are parsed one by one so that the error is placed
 * and the others are still read. */
typedef struct batch {
    uint32_t start, end;
    SG_VEC(uint32_t) bounds; /* start and end of each statement, in pairs */
} batch;

static void flush(conv *c, batch *b)
{
    if (!b->bounds.len)
        return;
    if (!parse_range(c, b->start, b->end, b->bounds.len == 2)) {
        if (b->bounds.len > 2) {
            for (size_t i = 0; i < b->bounds.len; i += 2) {
                parse_range(c, b->bounds.items[i], b->bounds.items[i + 1], true);
                sg_arena_reset(c->scratch);
            }
        }
    }
    sg_arena_reset(c->scratch);
    b->bounds.len = 0;
}

void sg_sql_parse(sg_sql_file *out, sg_arena *a, sg_source *src)
{
    memset(out, 0, sizeof *out);
    out->src = src;
    conv c = {.a = a, .out = out, .src = src, .cache = sg_sqlcache_enabled()};
    c.scratch = sg_arena_new();
    /* Statements are split with our own tokenizer: PostgreSQL's scanner costs as much again
     * as a third of the parse, and only the `;` outside strings and comments matters here. */
    batch b = {0};
    uint32_t len = (uint32_t)src->len;
    /* A UTF-8 byte order mark (Windows editors write one) is no SQL: psql skips it too. */
    uint32_t bom = len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    sg_sqllex lx = sg_sqllex_make(src->text, bom, len, false);
    while (lx.pos < len) {
        uint32_t s0 = lx.pos;
        bool unterminated = false;
        uint32_t s1 = sg_sqllex_statement_end(&lx, &unterminated);
        if (unterminated) {
            /* An unterminated string or comment: the parser gives the position and the
             * message, from the statement it starts in to the end of the file. */
            flush(&c, &b);
            uint32_t first = sg_sqllex_skip_space(src->text, s0, len);
            out->statements++;
            parse_range(&c, first < len ? first : s0, len, true);
            sg_arena_reset(c.scratch);
            break;
        }
        if (s1 < len)
            lx.pos = s1 + 1; /* past the `;` */
        uint32_t first = sg_sqllex_skip_space(src->text, s0, s1);
        if (first >= s1)
            continue;
        out->statements++;
        if (!needs_tree(src->text, first, s1)) {
            flush(&c, &b);
            continue;
        }
        if (!b.bounds.len)
            b.start = first;
        b.end = s1;
        sg_vec_push(a, &b.bounds, first);
        sg_vec_push(a, &b.bounds, s1);
        if (c.cache)
            flush(&c, &b); /* one statement per tree: each is its own cache entry */
    }
    flush(&c, &b);
    sg_arena_free(c.scratch);
}
