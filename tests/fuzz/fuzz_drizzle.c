/* libFuzzer harness: the Drizzle frontend (tree-sitter) on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "drizzle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_arena *a = sg_arena_new();
    sg_source *src = sg_source_make(a, "schema.ts", NULL, (const char *)data, size, SG_KIND_TS);
    sg_drizzle_file f;
    sg_drizzle_parse(&f, a, src);
    sg_arena_free(a);
    return 0;
}
