/* libFuzzer harness: the code frontend (tree-sitter queries, credentials in strings) on
 * arbitrary bytes, as TypeScript or JavaScript by the first byte. */
#include <stddef.h>
#include <stdint.h>

#include "code.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *path = data[0] & 1 ? "boot.ts" : "boot.js";
    sg_arena *a = sg_arena_new();
    sg_source *src = sg_source_make(a, path, NULL, (const char *)data + 1, size - 1,
                                    sg_source_kind_of(path, NULL, 0));
    sg_fact_list facts = {0};
    sg_problem_list problems = {0};
    sg_code_scan(&facts, &problems, a, src, NULL, 0);
    sg_arena_free(a);
    return 0;
}
