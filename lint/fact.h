/* Facts: what the code and script frontends found that a rule may judge — an ORM sync call with
 * its options, a shell command from a script, a literal credential. */
#ifndef SG_FACT_H
#define SG_FACT_H

#include <stdbool.h>

#include "source.h"
#include "str.h"

typedef enum sg_fact_kind {
    SG_FACT_ORM_CALL,      /* code.c: a query match; name = the capture's meaning */
    SG_FACT_COMMAND,       /* scripts.c: one simple command of a script */
    SG_FACT_CREDENTIAL,    /* a literal password in a URL, PGPASSWORD=..., PASSWORD '...' */
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
} sg_fact;

#endif
