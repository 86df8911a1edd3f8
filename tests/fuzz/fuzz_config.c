/* libFuzzer harness: .schemaguard.yml parsing (libyaml, custom rules, PCRE2 and tree-sitter
 * query compilation) on arbitrary bytes: an error or a configuration, never a crash. */
#include <stddef.h>
#include <stdint.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_arena *a = sg_arena_new();
    sg_config *c = NULL;
    sg_config_parse(&c, a, ".schemaguard.yml", (const char *)data, size);
    if (c) {
        sg_engine *e = sg_engine_make(a);
        sg_config_apply(c, e);
        sg_config_excluded(c, "src/legacy/a.ts");
    }
    sg_arena_free(a);
    return 0;
}
