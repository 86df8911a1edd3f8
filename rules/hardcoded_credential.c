/* hardcoded-credential: a literal password. SQL part: CREATE/ALTER ROLE ... PASSWORD 'literal'.
 * The message never echoes the secret, and its bytes are marked for reporters to mask.
 * Rationale and examples: hardcoded_credential.md. */
#include "rule.h"

/* The literal of a [ENCRYPTED] PASSWORD '...' span: from its opening quote (or the $ of a
 * dollar quote) to the end. */
static sg_span literal_of(sg_span at)
{
    const char *s = at.src->text;
    uint32_t i = at.start;
    while (i < at.end && s[i] != '\'' && s[i] != '$')
        i++;
    return sg_span_make(at.src, i, at.end);
}

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_ROLE_PASSWORD)
        return;
    sg_report_opts o = {.secret = literal_of(ch->at)};
    sg_reportx(cx, &o, ch->at,
               "role \"%.*s\" is given a literal password: it is in the repository for anyone who "
               "can read it",
               SG_STR_FMT(ch->name));
}

/* Code and scripts (lint/code.c, lint/scripts_cred.c): a database URL with a literal password,
 * PGPASSWORD=literal. The fact's name says which; the secret's bytes are masked. */
static void on_fact(sg_ctx *cx, const sg_fact *f)
{
    if (f->kind != SG_FACT_CREDENTIAL)
        return;
    sg_report_opts o = {.secret = f->secret};
    sg_reportx(cx, &o, f->at,
               "%.*s holds a literal password: it is in the repository for anyone who can "
               "read it",
               SG_STR_FMT(f->name));
}

const sg_rule sg_rule_hardcoded_credential = {
    .id = "hardcoded-credential",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL | SG_IN_CODE | SG_IN_SCRIPT,
    .summary = "A password is written literally in a migration, script or code",
    .help = "Set the password outside the repository (\\password in psql, a secret manager, an "
            "environment variable read at deploy time) and rotate the one that was committed",
    .tags = "security",
    .on_change = on_change,
    .on_fact = on_fact,
};
