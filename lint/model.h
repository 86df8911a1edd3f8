/* The schema model every frontend builds and the diff engine compares: schemas, tables with
 * columns, constraints and indexes, and enum types. Names are stored as PostgreSQL resolves
 * them (unquoted identifiers already folded to lower case by the frontend, quoted kept), with
 * "public" as the default schema. Everything lives in the arena of the model's unit. */
#ifndef SG_MODEL_H
#define SG_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "source.h"
#include "str.h"
#include "vec.h"

typedef enum sg_dialect { SG_DIALECT_POSTGRES = 0, SG_DIALECT_MYSQL, SG_DIALECT_SQLITE } sg_dialect;

/* A normalized type. `name` is the PostgreSQL spelling without modifiers ("integer", "bigint",
 * "text", "varchar", "char", "numeric", "timestamp", "timestamptz", "boolean", "jsonb", or an
 * enum's name). mods are the typmods (varchar(255) -> {255}); nmods == 0 means "no limit". */
typedef struct sg_type {
    sg_str name;
    sg_str schema;  /* for user-defined types (enums) when written qualified; else empty */
    int32_t mods[2];
    int nmods;
    int array_dims; /* text[] -> 1 */
    bool unknown;   /* the frontend could not resolve it: never compared */
} sg_type;

typedef struct sg_column {
    sg_str name;
    sg_type type;
    bool not_null;
    bool has_default;     /* a default the database applies (literal, now(), sequence, ...) */
    bool default_volatile;/* now(), random(), nextval(): differs per row */
    bool client_default;  /* filled by the ORM client only (Prisma uuid(), Drizzle $defaultFn) */
    bool identity;        /* serial/bigserial/GENERATED ... AS IDENTITY */
    bool generated;       /* GENERATED ALWAYS AS (expr) STORED */
    bool primary_key;
    sg_str default_expr;  /* as written, may be empty */
    sg_str mapped_from;   /* Prisma field name when @map gives the column another name */
    sg_span span;         /* the declaration */
    uint32_t epoch;       /* model epoch in which it was created (see sg_model.epoch) */
} sg_column;

typedef enum sg_constraint_kind {
    SG_CONSTRAINT_PRIMARY,
    SG_CONSTRAINT_UNIQUE,
    SG_CONSTRAINT_FOREIGN,
    SG_CONSTRAINT_CHECK,
    SG_CONSTRAINT_EXCLUDE,
} sg_constraint_kind;

typedef struct sg_constraint {
    sg_constraint_kind kind;
    sg_str name;               /* may be empty when the frontend has none */
    SG_VEC(sg_str) columns;
    sg_str ref_schema, ref_table;
    SG_VEC(sg_str) ref_columns;
    bool not_valid;
    sg_span span;
    uint32_t epoch;
} sg_constraint;

typedef struct sg_index {
    sg_str name;
    bool unique;
    SG_VEC(sg_str) columns;    /* column names; expressions are left out */
    sg_span span;
    uint32_t epoch;
} sg_index;

typedef struct sg_table {
    sg_str schema;             /* "public" unless qualified */
    sg_str name;
    sg_str mapped_from;        /* Prisma model name when @@map gives the table another name */
    SG_VEC(sg_column *) columns;
    SG_VEC(sg_constraint *) constraints;
    SG_VEC(sg_index *) indexes;
    sg_dialect dialect;
    sg_span span;              /* the declaration (CREATE TABLE, model block, pgTable call) */
    uint32_t epoch;
    bool dropped;              /* kept, marked, so later references resolve to "was dropped" */
    bool partial;              /* some columns could not be read statically (a Drizzle spread) */
} sg_table;

typedef struct sg_enum {
    sg_str schema;
    sg_str name;
    SG_VEC(sg_str) values;
    SG_VEC(sg_span) value_spans; /* parallel to values where the frontend knows them */
    sg_span span;
    uint32_t epoch;
    bool dropped;
} sg_enum;

typedef struct sg_schema_ns {
    sg_str name;
    sg_span span;
    uint32_t epoch;
    bool dropped;
} sg_schema_ns;

/* A model. `epoch` starts at 1 and is advanced by sg_model_commit: objects whose epoch is lower
 * than the current one existed before the change being linted ("existing" in RULES.md);
 * objects created at the current epoch are new and changing them loses nothing. */
typedef struct sg_model {
    sg_arena *arena;
    SG_VEC(sg_table *) tables;
    SG_VEC(sg_enum *) enums;
    SG_VEC(sg_schema_ns *) schemas;
    uint32_t epoch;
    /* Hash index of tables by (schema, name), so a history of thousands of tables replays in
     * linear time: slots hold a position in `tables` + 1 (0 = empty). Tables added since the
     * last lookup are indexed then; renaming or reordering tables calls sg_model_reindex. */
    uint32_t *tindex;
    size_t tindex_cap, tindex_len;
} sg_model;

sg_model *sg_model_make(sg_arena *a);
/** Starts a new change: everything present so far becomes "existing". */
void sg_model_commit(sg_model *m);

/** Lookups ignore dropped objects. schema may be empty (= "public"). The table lookup keeps
 *  its hash index up to date (a cache: the model is logically unchanged). */
sg_table *sg_model_table(const sg_model *m, sg_str schema, sg_str name);
/** After a table's name or schema changed, or `tables` was reordered: rebuild the index. */
void sg_model_reindex(sg_model *m);
sg_column *sg_model_column(const sg_table *t, sg_str name);
/** Index of the column in t->columns, or -1. */
long sg_model_column_index(const sg_table *t, sg_str name);
sg_enum *sg_model_enum(const sg_model *m, sg_str schema, sg_str name);
sg_index *sg_model_index(const sg_model *m, sg_str schema, sg_str name, sg_table **table_out);
sg_schema_ns *sg_model_schema(const sg_model *m, sg_str name);

/** Creates and appends; the caller fills the rest. */
sg_table *sg_model_add_table(sg_model *m, sg_str schema, sg_str name, sg_span span);
sg_column *sg_model_add_column(sg_model *m, sg_table *t, sg_str name, sg_span span);
sg_enum *sg_model_add_enum(sg_model *m, sg_str schema, sg_str name, sg_span span);
void sg_model_drop_column(sg_table *t, sg_str name);
/** Number of live tables in a schema. */
size_t sg_model_tables_in(const sg_model *m, sg_str schema);

/** "public" when s is empty. */
sg_str sg_model_schema_or_public(sg_str s);
bool sg_model_is_existing(const sg_model *m, uint32_t epoch);

/** Types */
bool sg_type_eq(const sg_type *a, const sg_type *b);
/** "varchar(255)", "integer[]", ... for messages. */
char *sg_type_format(sg_arena *a, const sg_type *t);
/** Normalizes a PostgreSQL type name and its modifiers (int4 -> integer, "character varying"
 * -> varchar, timestamp with time zone -> timestamptz, ...). name is copied if rewritten. */
sg_type sg_type_normalize(sg_arena *a, sg_str name, const int32_t *mods, int nmods, int array_dims);

#endif
