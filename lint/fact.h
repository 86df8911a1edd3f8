/* Facts: what the code and script frontends found that a rule may judge — an ORM sync call with
 * its options, a shell command from a script, a literal credential. */
#ifndef SG_FACT_H
#define SG_FACT_H

#include <stdbool.h>

#include "source.h"
#include "str.h"
#include "vec.h"

typedef enum sg_fact_kind {
    SG_FACT_ORM_CALL,      /* code.c: a query match; name = the capture's meaning */
    SG_FACT_COMMAND,       /* scripts.c: one simple command of a script */
    SG_FACT_CREDENTIAL,    /* a literal password in a URL, PGPASSWORD=..., PASSWORD '...' */
    SG_FACT_PATTERN,       /* a custom rule's PCRE2 pattern matched (config.c); query = rule id */
} sg_fact_kind;

typedef enum sg_value_kind {
    SG_VALUE_TRUE,        /* literally true */
    SG_VALUE_FALSE,       /* literally false */
    SG_VALUE_EXPRESSION,  /* anything not provably false */
    SG_VALUE_NONE,        /* a call with no value (dropDatabase()) */
} sg_value_kind;

typedef struct sg_fact {
    sg_fact_kind kind;
    unsigned origin;       /* SG_IN_CODE or SG_IN_SCRIPT or SG_IN_SQL */
    sg_span at;
    sg_str name;           /* "sequelize.sync.force", "typeorm.dropSchema", the command text... */
    sg_value_kind value;
    sg_str context;        /* package.json script name, Dockerfile instruction, CI step */
    bool production;       /* the context runs in production (start, build, deploy, CMD ...) */
    const char *query;     /* ORM_CALL, PATTERN: id of the rule whose query or pattern matched */
    sg_str via;            /* COMMAND: the `npm run` chain that reached it ("start > db:push") */
    const sg_str *argv;    /* COMMAND: its words, unquoted, wrappers and VAR=x stripped */
    size_t argc;
    sg_span secret;        /* CREDENTIAL: the secret's bytes, which reporters must not print */
} sg_fact;

typedef SG_VEC(sg_fact) sg_fact_list;

#endif
