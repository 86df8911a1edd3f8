/* The Drizzle frontend: a Drizzle ORM schema module (TypeScript or JavaScript) read statically
 * into a schema model. Nothing is executed; what would need evaluation is unknown. */
#ifndef SG_DRIZZLE_H
#define SG_DRIZZLE_H

#include <stdbool.h>
#include <stddef.h>

#include "change.h"
#include "fe.h"
#include "model.h"
#include "source.h"

/* One parsed schema module. */
typedef struct sg_drizzle_file {
    sg_source *src;
    sg_model *model;          /* tables, columns, enums; allocated in the parse arena */
    sg_problem_list problems; /* syntax errors (the rest of the file is still read) */
    size_t tables;            /* table declarations read into the model */
    size_t skipped;           /* table or enum declarations left out: computed names, values */
    bool snake_case;          /* `casing: "snake_case"` seen: implicit names are snake_cased */
} sg_drizzle_file;

/** True when src imports a Drizzle dialect core module: `drizzle-orm/pg-core`, `mysql-core`,
 * `sqlite-core`, or a re-export ending in `/drizzle/<dialect>-core` (Payload's
 * `@payloadcms/db-postgres/drizzle/pg-core`). A text scan, no parse. */
bool sg_drizzle_is_schema(const sg_source *src);

/** Reads src (a .ts/.tsx/.js/... file; the grammar follows its path) into out->model. Never
 * fails: syntax errors become problems positioned at the first ERROR or MISSING node, and
 * whatever parses is still read. Thread-safe; allocates from a; the tree-sitter tree is freed
 * before returning. Declarations are understood as drizzle-orm defines them:
 *  - tables: pgTable/mysqlTable/sqliteTable(name, columns, extra?), schema.table(...) for a
 *    `const s = pgSchema("x")`, tables from a pgTableCreator whose callback is a template;
 *    columns as an object or as the `(t) => ({ ... })` callback form;
 *  - column names: the builder's string argument, else the object key, converted as drizzle
 *    does when the same file shows `casing: "snake_case"` (or "camelCase") in a `drizzle(...)`
 *    or `defineConfig(...)` call — a casing set only in another file is not visible;
 *  - top-level `const` / `export const` declarations and CommonJS `require` / `exports.x =`;
 *    local helpers (`const id = () => uuid("id")...`), object spreads and `as const` value
 *    arrays (or a TS string enum) declared in the same file are followed;
 *  - table extras: index/uniqueIndex(...).on(), primaryKey({ columns }) (its columns become NOT
 *    NULL, as in PostgreSQL), unique().on(), foreignKey({ columns, foreignColumns });
 *  - a column from a builder that is not imported from a core module (another module, a
 *    customType) has an unknown type (its name is the string argument, else the key); a
 *    computed column name or a spread that cannot be resolved in the file marks the table
 *    partial (sg_table.partial) and sg_drizzle_diff keeps quiet about its columns; a table or
 *    enum whose name (or enum values) need evaluation is left out and counted in `skipped`;
 *  - files over 8 MiB are reported as a problem, not read. */
void sg_drizzle_parse(sg_drizzle_file *out, sg_arena *a, sg_source *src);

/** sg_drizzle_parse shaped like sg_prisma_parse: the model, and problems appended to *problems
 * (for callers that compare versions: run.c's `diff`, the git base). */
void sg_drizzle_parse_model(sg_model **out, sg_problem_list *problems, sg_arena *a,
                            sg_source *src);

/** The schema diff for two Drizzle models (sg_diff_models with origin SG_IN_DRIZZLE), with the
 * changes that a partial table makes unknowable (a column "dropped" from, or "added" to, a table
 * whose columns come partly from an unresolved spread) marked quiet. */
void sg_drizzle_diff(sg_change_list *out, sg_arena *a, const sg_model *old, const sg_model *new_,
                     sg_source *head_src);

#endif
