/* destructive-cli-command: a script, Dockerfile, CI step or Procfile line runs a command that
 * wipes or force-syncs a database (the list of RULES.md), or runs a development sync command
 * (`prisma db push`, `prisma migrate dev`) where it runs in production. The commands come from
 * lint/scripts.c with wrappers stripped; docs: destructive_cli_command.md. */
#include <string.h>

#include "rule.h"

/* The i-th word that is not an option (argv[0] is the tool). */
static sg_str positional(const sg_fact *f, size_t i)
{
    for (size_t k = 1; k < f->argc; k++) {
        if (f->argv[k].len && f->argv[k].ptr[0] == '-')
            continue;
        if (i-- == 0)
            return f->argv[k];
    }
    return SG_STR_NULL;
}

static bool has_flag(const sg_fact *f, const char *flag)
{
    size_t n = strlen(flag);
    for (size_t k = 1; k < f->argc; k++)
        if (sg_str_eq_c(f->argv[k], flag) ||
            (f->argv[k].len > n && memcmp(f->argv[k].ptr, flag, n) == 0 &&
             f->argv[k].ptr[n] == '='))
            return true;
    return false;
}

static bool tool(const sg_fact *f, const char *const *names)
{
    for (; *names; names++)
        if (sg_str_eq_c(f->name, *names))
            return true;
    return false;
}

static bool sub(const sg_fact *f, const char *a, const char *b)
{
    return sg_str_eq_c(positional(f, 0), a) && (!b || sg_str_eq_c(positional(f, 1), b));
}

static const char *always(const sg_fact *f, const char **flag)
{
    static const char *const PRISMA[] = {"prisma", NULL};
    static const char *const DRIZZLE[] = {"drizzle-kit", NULL};
    static const char *const TYPEORM[] = {"typeorm", "typeorm-ts-node-commonjs",
                                          "typeorm-ts-node-esm", NULL};
    static const char *const SEQUELIZE[] = {"sequelize", "sequelize-cli", NULL};
    static const char *const KNEX[] = {"knex", NULL};
    *flag = NULL;
    if (tool(f, PRISMA) && sub(f, "migrate", "reset"))
        return "drops the database, recreates it and re-applies every migration";
    if (tool(f, PRISMA) && sub(f, "db", "push")) {
        if (has_flag(f, "--force-reset")) {
            *flag = "--force-reset";
            return "drops every table and recreates the schema empty";
        }
        if (has_flag(f, "--accept-data-loss")) {
            *flag = "--accept-data-loss";
            return "applies schema changes that delete data without asking";
        }
    }
    if (tool(f, DRIZZLE) && (sub(f, "push", NULL) || sg_str_starts_c(positional(f, 0), "push:")) &&
        has_flag(f, "--force")) {
        *flag = "--force";
        return "accepts every data-loss statement of the push without asking (a renamed column "
               "becomes DROP + ADD)";
    }
    if (tool(f, TYPEORM) && sub(f, "schema:drop", NULL))
        return "drops every table of the database";
    if (tool(f, SEQUELIZE) && sub(f, "db:drop", NULL))
        return "drops the whole database";
    if (tool(f, KNEX) && sub(f, "migrate:rollback", NULL) && has_flag(f, "--all")) {
        *flag = "--all";
        return "rolls back every migration, running every down() step";
    }
    return NULL;
}

static void on_fact(sg_ctx *cx, const sg_fact *f)
{
    if (f->kind != SG_FACT_COMMAND || f->argc < 2)
        return;
    const char *flag;
    const char *what = always(f, &flag);
    sg_str p0 = positional(f, 0), p1 = positional(f, 1);
    if (what) {
        /* Reached through `npm run` from another script: reported where it is written. */
        if (f->via.len)
            return;
        /* `prisma migrate reset`, `prisma db push --force-reset`, `knex migrate:rollback --all` */
        bool two = sg_str_eq_c(p0, "migrate") || sg_str_eq_c(p0, "db");
        sg_report(cx, f->at, "`%.*s %.*s%s%.*s%s%s` %s (%.*s)", SG_STR_FMT(f->name),
                  SG_STR_FMT(p0), two ? " " : "", two ? (int)p1.len : 0, two ? p1.ptr : "",
                  flag ? " " : "", flag ? flag : "", what, SG_STR_FMT(f->context));
        return;
    }
    if (!f->production || !sg_str_eq_c(f->name, "prisma"))
        return;
    bool push = sub(f, "db", "push"), dev = sub(f, "migrate", "dev");
    if (!push && !dev)
        return;
    const char *cmd = push ? "prisma db push" : "prisma migrate dev";
    const char *why = push ? "syncs the live schema without migrations and asks nothing: a "
                             "change that needs a reset or loses data is applied to production"
                           : "is a development command: it may reset the database when the "
                             "history drifts";
    if (f->via.len)
        sg_report(cx, f->at, "`%s` runs in production (%.*s, via %.*s): it %s", cmd,
                  SG_STR_FMT(f->context), SG_STR_FMT(f->via), why);
    else
        sg_report(cx, f->at, "`%s` runs in production (%.*s): it %s", cmd,
                  SG_STR_FMT(f->context), why);
}

const sg_rule sg_rule_destructive_cli_command = {
    .id = "destructive-cli-command",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SCRIPT,
    .summary = "A script runs a command that wipes or force-syncs a database",
    .help = "In production apply reviewed migrations (`prisma migrate deploy`, `drizzle-kit "
            "migrate`, `typeorm migration:run`); reset only disposable databases, by hand",
    .tags = "data-loss",
    .on_fact = on_fact,
};
