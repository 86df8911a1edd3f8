/* libFuzzer harness: the SQL frontend and replay on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "fe.h"
#include "replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_arena *a = sg_arena_new();
    sg_source *src = sg_source_make(a, "fuzz.sql", NULL, (const char *)data, size, SG_KIND_SQL);
    if (!sg_source_is_binary(src) && sg_source_invalid_utf8(src) < 0) {
        sg_sql_file f;
        sg_sql_parse(&f, a, src);
        sg_model *m = sg_model_make(a);
        for (size_t i = 0; i < f.changes.len; i++)
            sg_replay_apply(m, f.changes.items[i]);
        for (size_t i = 0; i < f.problems.len; i++)
            (void)sg_source_position(src, f.problems.items[i].at.start);
    }
    sg_arena_free(a);
    return 0;
}
