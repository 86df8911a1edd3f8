/* The only header rules include. A rule is one const struct: its id (permanent, kebab-case),
 * default level, the inputs it applies to, and callbacks that see changes, migrations and
 * facts. Rules have no side effects: they report through sg_report and allocate through cx. */
#ifndef SG_RULE_H
#define SG_RULE_H

#include <stdbool.h>

#include "arena.h"
#include "change.h"
#include "diag.h"
#include "fact.h"
#include "str.h"

typedef struct sg_ctx sg_ctx;

enum {
    SG_RULE_META = 1u << 0,       /* reported by the core (parse-error, unused-suppression) */
    SG_RULE_DEPRECATED = 1u << 1,
};

typedef struct sg_rule {
    const char *id;      /* permanent; = doc stem = fixtures dir */
    sg_level level;      /* default */
    unsigned inputs;     /* SG_IN_* */
    unsigned flags;
    const char *summary; /* one line: `rules`, SARIF shortDescription */
    const char *help;    /* the safe alternative in one line: text "help:", SARIF help, LSP */
    const char *replaced_by;
    const char *tags;    /* comma-separated SARIF tags, e.g. "data-loss" */
    void (*on_change)(sg_ctx *cx, const sg_change *ch);
    void (*on_fact)(sg_ctx *cx, const sg_fact *f);
} sg_rule;

/** Optional details of a report: a lower level than the rule's (the lesser of this and the
 * configured level wins), a related location, a help text other than the rule's. */
typedef struct sg_report_opts {
    sg_level level;
    sg_span related;
    const char *related_message;
    const char *help;
    sg_span secret;      /* bytes of the finding's line that reporters must mask (credentials) */
} sg_report_opts;

void sg_report(sg_ctx *cx, sg_span at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void sg_reportx(sg_ctx *cx, const sg_report_opts *o, sg_span at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/** The unit arena, for scratch text. */
sg_arena *sg_ctx_arena(sg_ctx *cx);
/** The rule being run (custom rules from the configuration share one callback). */
const sg_rule *sg_ctx_rule(sg_ctx *cx);
/** The change list being linted (for rules that look at neighbours, e.g. backfills). */
const sg_change_list *sg_ctx_changes(sg_ctx *cx);

extern const sg_rule *const sg_rules[];
extern const size_t sg_rules_count;
/** The built-in rule with that id, or NULL. */
const sg_rule *sg_rule_find(const char *id);

#endif
