/* The engine: runs the enabled rules over changes and facts, turns parse problems into
 * `parse-error` findings, and owns the configured rule levels. One engine per run (or per LSP
 * document version); its findings live in the engine's arena. */
#ifndef SG_ENGINE_H
#define SG_ENGINE_H

#include "fe.h"
#include "rule.h"

typedef struct sg_level_override {
    const char *id;
    sg_level level;
} sg_level_override;

typedef struct sg_engine {
    sg_arena *a;
    sg_diag_list diags;
    SG_VEC(sg_level_override) levels;  /* later entries win */
    SG_VEC(const sg_rule *) extra;     /* custom rules from the configuration */
} sg_engine;

sg_engine *sg_engine_make(sg_arena *a);
/** Sets a rule's level (config file, then --rule). Unknown ids are the caller's to reject. */
void sg_engine_set_level(sg_engine *e, const char *id, sg_level level);
/** The level a rule runs at (off disables it). */
sg_level sg_engine_level(const sg_engine *e, const sg_rule *r);
/** Runs every enabled rule whose inputs match each change's origin; quiet changes are skipped. */
void sg_engine_changes(sg_engine *e, const sg_change_list *changes);
void sg_engine_facts(sg_engine *e, const sg_fact *facts, size_t n);
/** Reports a parse problem under `parse-error`. */
void sg_engine_problem(sg_engine *e, const sg_problem *p);
/** Reports under a rule by id (meta rules: unused-suppression). */
sg_diag *sg_engine_report(sg_engine *e, const char *rule_id, sg_span at, const char *help,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/** A rule by id among built-in and custom ones. */
const sg_rule *sg_engine_rule(const sg_engine *e, const char *id);

#endif
