/* unused-suppression: a schemaguard-ignore comment names an unknown rule or suppresses nothing.
 * Reported by suppress.c; the rule exists for its id, level, docs and configuration. */
#include "rule.h"

const sg_rule sg_rule_unused_suppression = {
    .id = "unused-suppression",
    .level = SG_LEVEL_NOTE,
    .inputs = SG_IN_ANY,
    .flags = SG_RULE_META,
    .summary = "A schemaguard-ignore comment names an unknown rule or suppresses nothing",
    .help = "Remove the comment, or correct the rule id (see `schemaguard rules`)",
    .tags = "maintainability",
};
