/* libFuzzer harness: the Prisma parser and its mapping to the model on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "prisma.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_arena *a = sg_arena_new();
    sg_source *src =
        sg_source_make(a, "schema.prisma", NULL, (const char *)data, size, SG_KIND_PRISMA);
    sg_model *m = NULL;
    sg_problem_list problems = {0};
    sg_prisma_parse(&m, &problems, a, &src, 1);
    sg_arena_free(a);
    return 0;
}
