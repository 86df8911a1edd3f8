/* parse-error: a file that could not be parsed. Reported by the engine from frontend problems,
 * never by a callback: the rule exists for its id, level, docs and configuration. */
#include "rule.h"

const sg_rule sg_rule_parse_error = {
    .id = "parse-error",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_ANY,
    .flags = SG_RULE_META,
    .summary = "A file could not be parsed, so it was not checked",
    .help = "Fix the syntax at the reported position; schemaguard checks nothing in a statement "
            "it cannot parse",
    .tags = "correctness",
};
