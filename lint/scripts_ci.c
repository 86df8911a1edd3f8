/* CI YAML: GitHub workflow `run:` steps and GitLab CI `script:` / `before_script:` /
 * `after_script:` entries, read with libyaml's document loader (marks give line and column,
 * turned into byte offsets here, and each scalar's bytes are mapped back to the file so block
 * scalars `run: |` point at their exact lines). Which steps run in production is decided from
 * names: a job or step whose id or name says deploy, release or prod, a GitLab stage so named,
 * or a job whose `environment` names production. */
#include <string.h>
#include <yaml.h>

#include "scripts_int.h"

typedef struct ci {
    sg_arena *a;
    sg_source *src;
    sg_fact_list *out;
    yaml_document_t *doc;
} ci;

/* libyaml counts lines and characters; spans are bytes. */
static uint32_t mark_offset(sg_source *src, yaml_mark_t m)
{
    uint32_t off = sg_source_line_start(src, (uint32_t)m.line + 1);
    for (size_t c = 0; c < m.column && off < src->len && src->text[off] != '\n'; c++) {
        off++;
        while (off < src->len && ((unsigned char)src->text[off] & 0xC0) == 0x80)
            off++;
    }
    return off;
}

static yaml_node_t *get(ci *c, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
        if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == strlen(key) &&
            memcmp(k->data.scalar.value, key, k->data.scalar.length) == 0)
            return yaml_document_get_node(c->doc, p->value);
    }
    return NULL;
}

static sg_str scalar(yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE)
        return SG_STR_NULL;
    return (sg_str){(const char *)n->data.scalar.value, n->data.scalar.length};
}

static bool mentions_production(ci *c, yaml_node_t *env)
{
    sg_str s = scalar(env);
    if (!s.ptr)
        s = scalar(get(c, env, "name"));
    for (size_t i = 0; i + 4 <= s.len; i++)
        if (strncasecmp(s.ptr + i, "prod", 4) == 0)
            return true;
    return false;
}

/* Rebuilds the scalar's value from the file with an offset per byte: literal and folded block
 * scalars line by line, flow scalars with their quotes and escapes. When the rebuilt text does
 * not equal what libyaml decoded (an exotic escape, tabs in indentation), every byte maps to the
 * scalar's start: the finding then points at the scalar rather than at a wrong place. */
static sg_mtext map_scalar(ci *c, yaml_node_t *n)
{
    sg_source *src = c->src;
    const char *t = src->text;
    const char *val = (const char *)n->data.scalar.value;
    size_t vlen = n->data.scalar.length;
    uint32_t s = mark_offset(src, n->start_mark), e = mark_offset(src, n->end_mark);
    if (e > src->len)
        e = (uint32_t)src->len;
    sg_mbuf b = {0};
    yaml_scalar_style_t st = n->data.scalar.style;
    if (st == YAML_LITERAL_SCALAR_STYLE || st == YAML_FOLDED_SCALAR_STYLE) {
        uint32_t p = s;
        while (p < e && t[p] != '\n')
            p++;
        p++;
        size_t indent = 0;
        bool have_indent = false, prev_text = false;
        while (p < e) {
            uint32_t le = p;
            while (le < src->len && t[le] != '\n')
                le++;
            size_t lead = 0;
            while (p + lead < le && t[p + lead] == ' ')
                lead++;
            bool empty = p + lead >= le || t[p + lead] == '\r';
            if (!empty && !have_indent) {
                indent = lead;
                have_indent = true;
            }
            if (!empty && lead < indent)
                break;
            if (empty) {
                sg_scripts__mb_push(c->a, &b, '\n', p);
                prev_text = false;
            } else {
                if (st == YAML_FOLDED_SCALAR_STYLE && prev_text && lead == indent && b.c.len &&
                    b.c.items[b.c.len - 1] == '\n')
                    b.c.items[b.c.len - 1] = ' ';
                uint32_t q = p + (uint32_t)indent, qe = le;
                if (qe > q && t[qe - 1] == '\r')
                    qe--;
                for (; q < qe; q++)
                    sg_scripts__mb_push(c->a, &b, t[q], q);
                sg_scripts__mb_push(c->a, &b, '\n', qe);
                prev_text = lead == indent;
            }
            p = le + 1;
        }
        /* an empty value leaves items NULL: memcmp's arguments must not be, even for 0 */
        if (b.c.len >= vlen && (vlen == 0 || memcmp(b.c.items, val, vlen) == 0)) {
            b.c.len = b.m.len = vlen;
            return sg_scripts__mb_done(c->a, &b, vlen ? b.m.items[vlen - 1] + 1 : s);
        }
    } else {
        char q = st == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\''
                 : st == YAML_DOUBLE_QUOTED_SCALAR_STYLE ? '"' : 0;
        uint32_t p = q ? s + 1 : s, pe = q && e > s ? e - 1 : e;
        while (p < pe) {
            char ch = t[p];
            if (ch == '\n' || ch == '\r') {
                uint32_t nl = p;
                while (p < pe && (t[p] == '\n' || t[p] == '\r' || t[p] == ' ' || t[p] == '\t'))
                    p++;
                while (b.c.len && (b.c.items[b.c.len - 1] == ' ' || b.c.items[b.c.len - 1] == '\t')) {
                    b.c.len--;
                    b.m.len--;
                }
                sg_scripts__mb_push(c->a, &b, ' ', nl);
            } else if (q == '\'' && ch == '\'' && p + 1 < pe && t[p + 1] == '\'') {
                sg_scripts__mb_push(c->a, &b, '\'', p);
                p += 2;
            } else if (q == '"' && ch == '\\' && p + 1 < pe) {
                const char *from = "\"\\/nt", *to = "\"\\/\n\t";
                const char *k = strchr(from, t[p + 1]);
                sg_scripts__mb_push(c->a, &b, k && t[p + 1] ? to[k - from] : t[p + 1], p);
                p += 2;
            } else {
                sg_scripts__mb_push(c->a, &b, ch, p);
                p++;
            }
        }
        if (b.c.len == vlen && (vlen == 0 || memcmp(b.c.items, val, vlen) == 0))
            return sg_scripts__mb_done(c->a, &b, pe);
    }
    sg_mbuf f = {0};
    for (size_t i = 0; i < vlen; i++)
        sg_scripts__mb_push(c->a, &f, val[i], s);
    return sg_scripts__mb_done(c->a, &f, s);
}

static void commands(ci *c, yaml_node_t *n, const char *context, bool production, int depth)
{
    if (!n || depth > 4)
        return;
    if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start;
             it < n->data.sequence.items.top; it++)
            commands(c, yaml_document_get_node(c->doc, *it), context, production, depth + 1);
        return;
    }
    if (n->type != YAML_SCALAR_NODE)
        return;
    sg_mtext t = map_scalar(c, n);
    sg_cmd_list cmds = {0};
    sg_scripts_split(&cmds, c->a, c->src, &t);
    sg_scripts__emit(c->out, c->a, &cmds, sg_str_c(context), production);
}

/* A step's `shell:` may be python, node, ruby or perl: its `run:` is then not shell commands. */
static bool shell_step(yaml_node_t *shell)
{
    sg_str s = scalar(shell);
    static const char *const OTHER[] = {"python", "node", "ruby", "perl", NULL};
    for (const char *const *o = OTHER; s.ptr && *o; o++)
        for (size_t i = 0; i + strlen(*o) <= s.len; i++)
            if (memcmp(s.ptr + i, *o, strlen(*o)) == 0)
                return false;
    return true;
}

static void github(ci *c, yaml_node_t *root)
{
    yaml_node_t *jobs = get(c, root, "jobs");
    if (!jobs || jobs->type != YAML_MAPPING_NODE)
        return;
    for (yaml_node_pair_t *p = jobs->data.mapping.pairs.start; p < jobs->data.mapping.pairs.top;
         p++) {
        sg_str id = scalar(yaml_document_get_node(c->doc, p->key));
        yaml_node_t *job = yaml_document_get_node(c->doc, p->value);
        if (!id.ptr || !job || job->type != YAML_MAPPING_NODE)
            continue;
        sg_str jname = scalar(get(c, job, "name"));
        bool prod = sg_scripts__production_text(id) ||
                    (jname.ptr && sg_scripts__production_text(jname)) ||
                    mentions_production(c, get(c, job, "environment"));
        yaml_node_t *steps = get(c, job, "steps");
        if (!steps || steps->type != YAML_SEQUENCE_NODE)
            continue;
        for (yaml_node_item_t *it = steps->data.sequence.items.start;
             it < steps->data.sequence.items.top; it++) {
            yaml_node_t *step = yaml_document_get_node(c->doc, *it);
            yaml_node_t *run = get(c, step, "run");
            if (!run || !shell_step(get(c, step, "shell")))
                continue;
            sg_str sname = scalar(get(c, step, "name"));
            if (!sname.ptr)
                sname = scalar(get(c, step, "id"));
            bool sprod = prod || (sname.ptr && sg_scripts__production_text(sname));
            const char *ctx =
                sname.ptr ? sg_arena_printf(c->a, "workflow job \"%.*s\", step \"%.*s\"",
                                            SG_STR_FMT(id), SG_STR_FMT(sname))
                          : sg_arena_printf(c->a, "workflow job \"%.*s\"", SG_STR_FMT(id));
            commands(c, run, ctx, sprod, 0);
        }
    }
}

static void gitlab(ci *c, yaml_node_t *root)
{
    static const char *const GLOBAL[] = {"stages", "variables", "include", "workflow", "image",
                                         "services", "cache", NULL};
    static const char *const SCRIPTS[] = {"before_script", "script", "after_script", NULL};
    if (!root || root->type != YAML_MAPPING_NODE)
        return;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        sg_str name = scalar(yaml_document_get_node(c->doc, p->key));
        yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        if (!name.ptr || !v)
            continue;
        bool global = false;
        for (const char *const *g = GLOBAL; *g; g++)
            global = global || sg_str_eq_c(name, *g);
        if (global)
            continue;
        bool top_script = false;
        for (const char *const *k = SCRIPTS; *k; k++)
            top_script = top_script || sg_str_eq_c(name, *k);
        if (top_script) {
            /* Global before_script/after_script run around every job. */
            commands(c, v, sg_arena_printf(c->a, "GitLab CI global %.*s", SG_STR_FMT(name)),
                     false, 0);
            continue;
        }
        if (v->type != YAML_MAPPING_NODE)
            continue;
        sg_str stage = scalar(get(c, v, "stage"));
        bool prod = !sg_str_eq_c(name, "default") &&
                    (sg_scripts__production_text(name) ||
                     (stage.ptr && sg_scripts__production_text(stage)) ||
                     mentions_production(c, get(c, v, "environment")));
        for (const char *const *k = SCRIPTS; *k; k++) {
            yaml_node_t *s = get(c, v, *k);
            if (s)
                commands(c, s,
                         sg_arena_printf(c->a, "GitLab CI job \"%.*s\" %s", SG_STR_FMT(name), *k),
                         prod, 0);
        }
    }
}

/* libyaml checks every pending simple key at each token, so deeply nested flow collections
 * ([[[[...) cost quadratic time (a minute for 100,000 levels). No CI file nests flow collections
 * more than a few levels; deeper input is reported, not parsed. Quotes and comments are skipped
 * roughly: this is a guard, not a parser. */
static long flow_too_deep(const sg_source *src, int limit)
{
    const char *t = src->text;
    int depth = 0;
    for (size_t i = 0; i < src->len; i++) {
        char c = t[i];
        if (c == '#' && (i == 0 || t[i - 1] == ' ' || t[i - 1] == '\n')) {
            while (i < src->len && t[i] != '\n')
                i++;
        } else if (c == '\'' || c == '"') {
            for (i++; i < src->len && t[i] != c && t[i] != '\n'; i++)
                if (c == '"' && t[i] == '\\')
                    i++;
        } else if (c == '[' || c == '{') {
            if (++depth > limit)
                return (long)i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return -1;
}

void sg_scripts__ci(sg_fact_list *out, sg_problem_list *problems, sg_arena *a, sg_source *src)
{
    long deep = flow_too_deep(src, 64);
    if (deep >= 0) {
        sg_problem_add(problems, a, sg_span_make(src, (uint32_t)deep, (uint32_t)deep + 1),
                       "YAML flow collections ([ ] and { }) nested more than 64 levels deep: "
                       "the file was not checked");
        return;
    }
    bool gh = strstr(src->path, ".github/workflows/") != NULL ||
              strncmp(src->path, ".github/", 8) == 0;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return;
    yaml_parser_set_input_string(&parser, (const unsigned char *)src->text, src->len);
    for (int docs = 0; docs < 64; docs++) {
        yaml_document_t doc;
        if (!yaml_parser_load(&parser, &doc)) {
            /* A reader error (control character, bad UTF-8) has a byte offset and no mark; at
             * the end of input (an unterminated quote or bracket) the start of what is left
             * open says more than the last byte. */
            uint32_t at = mark_offset(src, parser.problem_mark);
            if (parser.error == YAML_READER_ERROR)
                at = parser.problem_offset < src->len ? (uint32_t)parser.problem_offset
                                                      : (uint32_t)src->len;
            else if (parser.context && at >= src->len)
                at = mark_offset(src, parser.context_mark);
            sg_problem_add(problems, a, sg_span_make(src, at, at),
                           "YAML syntax error: %s%s%s", parser.problem ? parser.problem : "?",
                           parser.context ? " " : "", parser.context ? parser.context : "");
            break;
        }
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (!root) {
            yaml_document_delete(&doc);
            break;
        }
        ci c = {a, src, out, &doc};
        if (gh)
            github(&c, root);
        else
            gitlab(&c, root);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
}
