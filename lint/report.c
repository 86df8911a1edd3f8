/* Reporter dispatch and what the formats share: regions and stable fingerprints. */
#include "report.h"

#include <string.h>

#include "error.h"

int sg_report_write(FILE *f, sg_run *r, const sg_opts *o)
{
    int rc;
    switch (o->format) {
    case SG_FORMAT_JSON: rc = sg_report_json(f, r, o); break;
    case SG_FORMAT_SARIF: rc = sg_report_sarif(f, r, o); break;
    case SG_FORMAT_GITHUB: rc = sg_report_github(f, r, o); break;
    case SG_FORMAT_GITLAB: rc = sg_report_gitlab(f, r, o); break;
    default: rc = sg_report_text(f, r, o); break;
    }
    if (rc == SG_OK && (fflush(f) != 0 || ferror(f)))
        return sg_error_set(SG_EIO, "cannot write the report");
    return rc;
}

sg_region sg_report_region(sg_span s)
{
    sg_region g = {1, 1, 1, 2};
    if (!s.src)
        return g;
    sg_pos a = sg_source_position(s.src, s.start);
    sg_pos b = sg_source_position(s.src, s.end > s.start ? s.end : s.start);
    g.line = a.line;
    g.col = a.col;
    g.end_line = b.line;
    g.end_col = b.col;
    if (g.end_line == g.line && g.end_col <= g.col)
        g.end_col = g.col + 1;
    return g;
}

/* The FNV state after hashing the trimmed line of d into h. Findings sorted by position put
 * those of one line together: the line is hashed once for them, so thousands of findings on one
 * long line (minified SQL) do not hash it thousands of times. */
static uint64_t fnv_line(const sg_diag *d, uint64_t h, const char **last, uint64_t *seed,
                         uint64_t *state)
{
    sg_str line = sg_str_trim(sg_source_line_text(d->span.src, d->span.start));
    if (*last == line.ptr && *seed == h)
        return *state;
    *last = line.ptr;
    *seed = h;
    *state = sg_hash(h, line.ptr, line.len);
    return *state;
}

void sg_report_fingerprints(sg_run *r, char (*out)[33])
{
    size_t n = r->e->diags.len;
    /* earlier findings with the same key, counted in an open-addressing table (not by
     * comparing with every earlier finding: quadratic for a million findings) */
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    uint64_t *keys = sg_arena_alloc(r->a, cap * sizeof *keys);
    size_t *counts = sg_arena_alloc(r->a, cap * sizeof *counts);
    const char *last = NULL;
    uint64_t seed = 0, state = 0;
    for (size_t i = 0; i < n; i++) {
        const sg_diag *d = r->e->diags.items[i];
        uint64_t h = SG_HASH_START;
        h = sg_hash(h, d->rule_id, strlen(d->rule_id) + 1);
        const char *path = d->span.src ? d->span.src->path : "";
        h = sg_hash(h, path, strlen(path) + 1);
        if (d->span.src)
            h = fnv_line(d, h, &last, &seed, &state);
        h = sg_hash(h, "", 1);
        h = sg_hash(h, d->message, strlen(d->message));
        size_t k = (size_t)(h ^ (h >> 29)) & (cap - 1);
        while (counts[k] && keys[k] != h)
            k = (k + 1) & (cap - 1);
        keys[k] = h;
        size_t occurrence = counts[k]++;
        uint64_t h2 = sg_hash(h ^ 0x9e3779b97f4a7c15ULL, &occurrence, sizeof occurrence);
        snprintf(out[i], 33, "%016llx%016llx", (unsigned long long)h, (unsigned long long)h2);
    }
}

const char *sg_report_doc_url(sg_arena *a, const char *rule_id)
{
    char stem[64];
    size_t i = 0;
    for (; rule_id[i] && i < sizeof stem - 1; i++)
        stem[i] = rule_id[i] == '-' ? '_' : rule_id[i];
    stem[i] = '\0';
    return sg_arena_printf(a, SG_DOCS_BASE "%s.md", stem);
}
