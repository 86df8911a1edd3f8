/* libFuzzer harness: the scripts frontend (package.json, shell, Dockerfile, CI YAML, Procfile)
 * and the credential scanner on arbitrary bytes; the first byte picks the kind. */
#include <stddef.h>
#include <stdint.h>

#include "scripts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const paths[] = {"package.json", "x.sh", "Dockerfile",
                                        ".github/workflows/ci.yml", ".gitlab-ci.yml", "Procfile"};
    if (size < 1)
        return 0;
    const char *path = paths[data[0] % (sizeof paths / sizeof paths[0])];
    sg_arena *a = sg_arena_new();
    sg_source *src = sg_source_make(a, path, NULL, (const char *)data + 1, size - 1,
                                    sg_source_kind_of(path, NULL, 0));
    sg_fact_list facts = {0};
    sg_problem_list problems = {0};
    sg_scripts_scan(&facts, &problems, a, src);
    sg_arena_free(a);
    return 0;
}
