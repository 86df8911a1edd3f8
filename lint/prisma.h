/* The Prisma schema frontend: a hand-written lexer and recursive-descent parser for the Prisma
 * schema language (PSL) with exact byte spans, and the mapping of a parsed schema (one file, or
 * every file of a prismaSchemaFolder) to the schema model Prisma migrate would create in the
 * database: table and column names after @map/@@map, PostgreSQL types, database defaults versus
 * client defaults, implicit many-to-many join tables. Bad input becomes parse problems.
 * prisma.c holds the lexer and parser, prisma_model.c the mapping and the file reading. */
#ifndef SG_PRISMA_H
#define SG_PRISMA_H

#include <stdbool.h>

#include "fe.h"
#include "model.h"

typedef enum sg_prisma_expr_kind {
    SG_PEXPR_STRING,   /* "text": text holds the contents between the quotes, escapes kept */
    SG_PEXPR_NUMBER,   /* 42, -1.5 */
    SG_PEXPR_NAME,     /* an identifier or dotted path: true, Cascade, db.Text */
    SG_PEXPR_CALL,     /* name(args): now(), dbgenerated("..."), a(sort: Desc) */
    SG_PEXPR_ARRAY,    /* [a, b] */
} sg_prisma_expr_kind;

typedef struct sg_prisma_expr sg_prisma_expr;

/* An argument: `value` or `name: value`. */
typedef struct sg_prisma_arg {
    sg_str name;       /* empty for a positional argument */
    sg_prisma_expr *value;
    sg_span span;
} sg_prisma_arg;

typedef SG_VEC(sg_prisma_arg) sg_prisma_args;

struct sg_prisma_expr {
    sg_prisma_expr_kind kind;
    sg_str text;            /* STRING contents, NUMBER digits, NAME / CALL name */
    sg_prisma_args args;    /* CALL */
    SG_VEC(sg_prisma_expr *) items; /* ARRAY */
    sg_span span;
};

/* `@name(args)` on a field or enum value, `@@name(args)` on a block. name holds the dotted
 * path without the @ signs ("id", "db.VarChar"). */
typedef struct sg_prisma_attr {
    sg_str name;
    bool block;
    bool has_parens;
    sg_prisma_args args;
    sg_span span;
} sg_prisma_attr;

typedef SG_VEC(sg_prisma_attr) sg_prisma_attrs;

/* A member of a block: a model/view/type field (`name Type? @attr`), an enum value
 * (`NAME @map("x")`, type empty), or a datasource/generator setting (`name = value`). */
typedef struct sg_prisma_field {
    sg_str name;
    sg_str type;            /* "String", "User"; for Unsupported("x") the type is "Unsupported" */
    sg_str unsupported;     /* the quoted text of Unsupported("...") */
    bool optional;          /* Type? */
    bool list;              /* Type[] */
    sg_prisma_expr *value;  /* datasource/generator settings */
    sg_prisma_attrs attrs;
    sg_span span;           /* name through the last attribute */
    sg_span name_span, type_span;
} sg_prisma_field;

typedef enum sg_prisma_block_kind {
    SG_PBLOCK_DATASOURCE,
    SG_PBLOCK_GENERATOR,
    SG_PBLOCK_MODEL,
    SG_PBLOCK_VIEW,
    SG_PBLOCK_ENUM,
    SG_PBLOCK_TYPE,
} sg_prisma_block_kind;

typedef struct sg_prisma_block {
    sg_prisma_block_kind kind;
    sg_str name;
    SG_VEC(sg_prisma_field) fields;
    sg_prisma_attrs attrs;  /* @@ block attributes */
    sg_span span;           /* keyword through the closing brace */
    sg_span name_span;
} sg_prisma_block;

typedef struct sg_prisma_schema {
    SG_VEC(sg_prisma_block *) blocks;
} sg_prisma_schema;

/** Parses one source into out (appending its blocks, so several sources make one schema).
 * Problems (with the offending token's span) go to problems; never fails, never recurses
 * without bound, linear in the input. Allocates only from a. */
void sg_prisma_parse_source(sg_prisma_schema *out, sg_problem_list *problems, sg_arena *a,
                            sg_source *src);

/** Maps a parsed schema to the model Prisma migrate would create. */
sg_model *sg_prisma_to_model(sg_arena *a, const sg_prisma_schema *s);

/** Parses srcs (the files of one schema) and maps them into *out. */
void sg_prisma_parse(sg_model **out, sg_problem_list *problems, sg_arena *a, sg_source **srcs,
                     size_t n);

/** The attribute named name ("map", "db.VarChar", "@@map" with block = true), or NULL. */
const sg_prisma_attr *sg_prisma_attr_find(const sg_prisma_attrs *l, const char *name);
/** The argument named name, or the positional one at index pos (-1: none), or NULL. */
const sg_prisma_expr *sg_prisma_arg_find(const sg_prisma_args *l, const char *name, int pos);

typedef SG_VEC(sg_source *) sg_prisma_sources;

/** Whether path is a .prisma file, or a directory holding .prisma files (a prismaSchemaFolder). */
bool sg_prisma_is_schema_path(sg_arena *a, const char *path);
/** Reads the .prisma file at path, or every .prisma file below the directory path, in order.
 * Returns SG_OK or a negative SG_E* with the message set. */
int sg_prisma_read(sg_prisma_sources *out, sg_arena *a, const char *path);

#endif
