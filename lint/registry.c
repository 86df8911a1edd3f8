/* The rule registry: rules/rules.def expanded into the table of built-in rules. */
#include <string.h>

#include "rule.h"

#define SG_RULE(n) extern const sg_rule sg_rule_##n;
#include "rules.def"
#undef SG_RULE

#define SG_RULE(n) &sg_rule_##n,
const sg_rule *const sg_rules[] = {
#include "rules.def"
};
#undef SG_RULE

const size_t sg_rules_count = sizeof sg_rules / sizeof sg_rules[0];

const sg_rule *sg_rule_find(const char *id)
{
    for (size_t i = 0; i < sg_rules_count; i++)
        if (strcmp(sg_rules[i]->id, id) == 0)
            return sg_rules[i];
    return NULL;
}
