/* Frontends: each turns one source into frontend-neutral results (changes, a model, facts) and
 * frees its foreign tree before returning. Problems in the input become parse problems that
 * run.c reports under the `parse-error` rule; frontends never fail on bad input. */
#ifndef SG_FE_H
#define SG_FE_H

#include "change.h"
#include "fact.h"
#include "model.h"
#include "source.h"

typedef struct sg_problem {
    sg_span at;
    const char *message;
} sg_problem;

typedef SG_VEC(sg_problem) sg_problem_list;

/* One parsed SQL file: its changes in statement order, and what could not be parsed. */
typedef struct sg_sql_file {
    sg_source *src;
    sg_change_list changes;
    sg_problem_list problems;
    size_t statements;        /* top-level statements found */
    size_t parsed;            /* of those, given a full parse tree */
} sg_sql_file;

/** Parses src (PostgreSQL) into out. Thread-safe; allocates only from a. */
void sg_sql_parse(sg_sql_file *out, sg_arena *a, sg_source *src);

/** Adds a problem. */
void sg_problem_add(sg_problem_list *l, sg_arena *a, sg_span at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
