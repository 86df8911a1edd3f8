/* Dockerfiles: RUN, CMD and ENTRYPOINT in shell form (continuation lines joined, the escape
 * directive honoured) and exec form (a JSON array). They run where the image is built or
 * deployed, so they count as production, except in a build stage named for development or tests
 * (`FROM node AS dev`, `AS test`, `AS e2e`). Other instructions are not commands (ENV
 * and ARG are scanned for credentials with the rest of the file). */
#include <string.h>
#include <strings.h>

#include "scripts_int.h"

/* `# escape=`` ` among the parser directives at the top of the file. */
static char escape_char(const sg_source *src)
{
    const char *t = src->text;
    size_t n = src->len, i = 0;
    while (i < n && t[i] == '#') {
        size_t e = i;
        while (e < n && t[e] != '\n')
            e++;
        for (size_t k = i + 1; k + 7 < e; k++)
            if (strncasecmp(t + k, "escape=", 7) == 0 && (t[k + 7] == '`' || t[k + 7] == '\\'))
                return t[k + 7];
        i = e + 1;
    }
    return '\\';
}

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static bool has_ci(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(s + i, w, k) == 0)
            return true;
    return false;
}

/* FROM image [AS name]: whether the stage that starts here runs in production. */
static bool production_stage(const sg_mtext *ins)
{
    const char *t = ins->text;
    size_t n = ins->len;
    for (size_t i = 0; i + 4 <= n; i++)
        if (blank(t[i]) && strncasecmp(t + i + 1, "as", 2) == 0 && blank(t[i + 3])) {
            const char *name = t + i + 4;
            size_t len = n - i - 4;
            return !(has_ci(name, len, "dev") || has_ci(name, len, "test") ||
                     has_ci(name, len, "e2e"));
        }
    return true;
}

void sg_scripts__dockerfile(sg_fact_list *out, sg_problem_list *problems, sg_arena *a,
                            sg_source *src)
{
    const char *t = src->text;
    uint32_t n = (uint32_t)src->len;
    char esc = escape_char(src);
    bool production = true;
    uint32_t i = 0;
    while (i < n) {
        uint32_t s = i;
        while (s < n && blank(t[s]))
            s++;
        if (s >= n)
            break;
        if (t[s] == '\n' || t[s] == '#') {
            while (s < n && t[s] != '\n')
                s++;
            i = s + 1;
            continue;
        }
        /* One logical instruction: lines joined while they end with the escape character;
         * comment and empty lines inside it are dropped, as Docker does. */
        sg_mbuf b = {0};
        uint32_t p = s;
        for (;;) {
            uint32_t e = p;
            while (e < n && t[e] != '\n')
                e++;
            uint32_t last = e;
            while (last > p && blank(t[last - 1]))
                last--;
            bool cont = last > p && t[last - 1] == esc;
            uint32_t stop = cont ? last - 1 : e;
            for (uint32_t k = p; k < stop; k++)
                sg_scripts__mb_push(a, &b, t[k], k);
            p = e < n ? e + 1 : e;
            if (!cont)
                break;
            while (p < n) {
                uint32_t q = p;
                while (q < n && blank(t[q]))
                    q++;
                if (q < n && (t[q] == '#' || t[q] == '\n')) {
                    while (q < n && t[q] != '\n')
                        q++;
                    p = q < n ? q + 1 : q;
                    continue;
                }
                break;
            }
            if (p >= n)
                break;
        }
        i = p;
        sg_mtext ins = sg_scripts__mb_done(a, &b, b.m.len ? b.m.items[b.m.len - 1] + 1 : s);
        size_t k = 0;
        while (k < ins.len && !blank(ins.text[k]))
            k++;
        const char *kw = NULL;
        if (k == 4 && strncasecmp(ins.text, "FROM", 4) == 0)
            production = production_stage(&ins);
        if (k == 3 && strncasecmp(ins.text, "RUN", 3) == 0)
            kw = "RUN";
        else if (k == 3 && strncasecmp(ins.text, "CMD", 3) == 0)
            kw = "CMD";
        else if (k == 10 && strncasecmp(ins.text, "ENTRYPOINT", 10) == 0)
            kw = "ENTRYPOINT";
        if (!kw)
            continue;
        while (k < ins.len && blank(ins.text[k]))
            k++;
        /* RUN --mount=... --network=... flags come before the command. */
        while (k + 1 < ins.len && ins.text[k] == '-' && ins.text[k + 1] == '-') {
            while (k < ins.len && !blank(ins.text[k]))
                k++;
            while (k < ins.len && blank(ins.text[k]))
                k++;
        }
        sg_mtext rest = {ins.text + k, ins.map + k, ins.len - k};
        sg_cmd_list cmds = {0};
        sg_mtext_list words = {0};
        sg_u32_list starts = {0}, ends = {0};
        if (rest.len && rest.text[0] == '[' &&
            sg_scripts__json_argv(&words, &starts, &ends, a, &rest))
            sg_scripts__add_argv(&cmds, a, src, words.items, starts.items, ends.items,
                                 words.len);
        else
            sg_scripts__open_quote(problems, a, src, sg_scripts_split(&cmds, a, src, &rest),
                                   "the build fails at this instruction");
        const char *ctx = sg_arena_printf(a, "Dockerfile %s", kw);
        sg_scripts__emit(out, a, &cmds, sg_str_c(ctx), production);
    }
}
