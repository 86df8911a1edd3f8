/* Changes: what one version of a schema does to the previous one. The SQL frontend emits one or
 * more per statement (replay.c then marks which touch existing objects); the schema-file diff
 * (diff.c) emits them by comparing two models. Rules see only changes and facts, never a
 * frontend's tree, which is why one rule serves every input language. */
#ifndef SG_CHANGE_H
#define SG_CHANGE_H

#include <stdbool.h>

#include "model.h"

typedef enum sg_change_kind {
    SG_CHANGE_CREATE_TABLE,
    SG_CHANGE_DROP_TABLE,
    SG_CHANGE_RENAME_TABLE,
    SG_CHANGE_ADD_COLUMN,
    SG_CHANGE_DROP_COLUMN,
    SG_CHANGE_RENAME_COLUMN,
    SG_CHANGE_ALTER_COLUMN_TYPE,
    SG_CHANGE_SET_NOT_NULL,
    SG_CHANGE_DROP_NOT_NULL,
    SG_CHANGE_SET_DEFAULT,
    SG_CHANGE_DROP_DEFAULT,
    SG_CHANGE_ADD_CONSTRAINT,
    SG_CHANGE_DROP_CONSTRAINT,
    SG_CHANGE_VALIDATE_CONSTRAINT,
    SG_CHANGE_CREATE_INDEX,
    SG_CHANGE_DROP_INDEX,
    SG_CHANGE_RENAME_INDEX,
    SG_CHANGE_CREATE_ENUM,
    SG_CHANGE_DROP_ENUM,
    SG_CHANGE_RENAME_ENUM,
    SG_CHANGE_ADD_ENUM_VALUE,
    SG_CHANGE_RENAME_ENUM_VALUE,
    SG_CHANGE_DROP_ENUM_VALUE,   /* net effect: values lost from an existing enum */
    SG_CHANGE_CREATE_SCHEMA,
    SG_CHANGE_DROP_SCHEMA,
    SG_CHANGE_RENAME_SCHEMA,
    SG_CHANGE_DROP_DATABASE,
    SG_CHANGE_TRUNCATE,
    SG_CHANGE_DELETE,
    SG_CHANGE_UPDATE,
    SG_CHANGE_INSERT_SELECT,     /* INSERT INTO t SELECT ... FROM other: a copy step */
    SG_CHANGE_PROBABLE_RENAME_COLUMN, /* schema diff / net effect: drop + add of a compatible column */
    SG_CHANGE_PROBABLE_RENAME_TABLE,
    SG_CHANGE_ROLE_PASSWORD,     /* CREATE/ALTER ROLE ... PASSWORD 'literal' */
    SG_CHANGE_MIGRATION_EDITED,  /* history: a base migration's content changed */
    SG_CHANGE_MIGRATION_REMOVED, /* history: a base migration is gone */
    SG_CHANGE_KIND_COUNT
} sg_change_kind;

/* Which input a change came from; also the SG_IN_* bits rules declare. */
enum {
    SG_IN_SQL = 1u << 0,
    SG_IN_PRISMA = 1u << 1,
    SG_IN_DRIZZLE = 1u << 2,
    SG_IN_CODE = 1u << 3,
    SG_IN_SCRIPT = 1u << 4,
    SG_IN_HISTORY = 1u << 5,
    SG_IN_ANY = 0x3Fu,
};

/* UPDATE: what one SET target is given (set_kinds, parallel to sg_change.values). */
typedef enum sg_set_kind {
    SG_SET_VALUE,     /* a value, or an expression of the column itself */
    SG_SET_COPY,      /* an expression reading another column: a copy step */
    SG_SET_FILL_NULL, /* COALESCE(col, ...): only the NULLs change, a backfill */
} sg_set_kind;

typedef struct sg_change {
    sg_change_kind kind;
    unsigned origin;          /* one SG_IN_* bit */
    sg_span at;               /* the statement, clause, field or column that causes it */
    sg_span stmt;             /* the whole SQL statement (== at for schema diffs) */
    sg_span related;          /* base-version location: the removed declaration, the copy step */
    const char *related_message;
    sg_str schema, table;     /* the table (or enum, for enum changes) concerned */
    sg_str name;              /* column / index / constraint / enum value / schema / role */
    sg_str new_name;          /* renames; for probable renames the added column */
    sg_type old_type, new_type;
    sg_column *column;        /* ADD/ALTER: the column after; DROP: the column before */
    sg_table *def;            /* CREATE TABLE: the definition */
    sg_constraint *constraint;/* ADD CONSTRAINT */
    sg_index *index;          /* CREATE INDEX */
    SG_VEC(sg_str) values;    /* CREATE ENUM values; values lost; UPDATE SET targets */
    SG_VEC(sg_str) reads;     /* UPDATE: columns read by the SET expressions ("table.col" for a
                               * FROM table's); INSERT SELECT: source tables, then the
                               * columns its select list reads as "table.col" / "table.*" */
    sg_str where_null;        /* UPDATE/DELETE ... WHERE x IS NULL: x */
    SG_VEC(sg_set_kind) set_kinds; /* UPDATE: per SET target, parallel to values */
    struct sg_change *partner;/* net.c: the change reported with this one (a DROP TABLE and the
                               * CREATE TABLE recreating it; a DROP COLUMN and its probable
                               * rename) */
    size_t count;             /* DROP SCHEMA: tables it holds */
    bool existing;            /* the target existed before this change (filled by replay/diff) */
    bool if_exists, if_not_exists, cascade, concurrently, not_valid, has_where, unique;
    bool quiet;               /* net-effect analysis showed it harmless: rules skip it */
} sg_change;

typedef SG_VEC(sg_change *) sg_change_list;

const char *sg_change_kind_name(sg_change_kind k);

#endif
