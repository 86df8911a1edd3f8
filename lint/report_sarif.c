/* SARIF 2.1.0: one run; the driver lists every rule (from the registry and the configuration);
 * results carry ruleId/ruleIndex, level, a region in UTF-16 columns, related locations, stable
 * partialFingerprints, and suppressed findings stay with a `suppressions` entry. URIs are
 * relative to %SRCROOT% (the working directory). */
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "report.h"

static const char *sarif_level(sg_level l)
{
    switch (l) {
    case SG_LEVEL_ERROR: return "error";
    case SG_LEVEL_WARNING: return "warning";
    case SG_LEVEL_NOTE: return "note";
    default: return "none";
    }
}

/* RFC 3986 path encoding: unreserved characters and '/' stay. */
static char *uri_encode(sg_arena *a, const char *p)
{
    size_t n = strlen(p);
    char *out = sg_arena_alloc(a, n * 3 + 1), *o = out;
    for (; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
            *o++ = (char)c;
        } else {
            static const char hex[] = "0123456789ABCDEF";
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

static json_t *artifact(sg_arena *a, const char *path)
{
    json_t *al = json_object();
    if (path[0] == '/') {
        json_object_set_new(al, "uri", json_string(sg_arena_printf(a, "file://%s",
                                                                   uri_encode(a, path))));
    } else {
        while (path[0] == '.' && path[1] == '/')
            path += 2;
        json_object_set_new(al, "uri", json_string(uri_encode(a, path)));
        json_object_set_new(al, "uriBaseId", json_string("%SRCROOT%"));
    }
    return al;
}

static json_t *location(sg_arena *a, sg_span s, const char *message)
{
    json_t *loc = json_object();
    json_t *phys = json_object();
    json_object_set_new(phys, "artifactLocation", artifact(a, s.src ? s.src->path : "unknown"));
    sg_region g = sg_report_region(s);
    json_t *reg = json_object();
    json_object_set_new(reg, "startLine", json_integer(g.line));
    json_object_set_new(reg, "startColumn", json_integer(g.col));
    json_object_set_new(reg, "endLine", json_integer(g.end_line));
    json_object_set_new(reg, "endColumn", json_integer(g.end_col));
    json_object_set_new(phys, "region", reg);
    json_object_set_new(loc, "physicalLocation", phys);
    if (message) {
        json_t *m = json_object();
        json_object_set_new(m, "text", json_string(message));
        json_object_set_new(loc, "message", m);
    }
    return loc;
}

static json_t *text_obj(const char *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", json_string(s));
    return o;
}

/* "drop-column" -> "DropColumn": SARIF's friendly rule name. */
static char *pascal(sg_arena *a, const char *id)
{
    char *o = sg_arena_alloc(a, strlen(id) + 1), *p = o;
    bool up = true;
    for (; *id; id++) {
        if (*id == '-') {
            up = true;
            continue;
        }
        *p++ = up && *id >= 'a' && *id <= 'z' ? (char)(*id - 32) : *id;
        up = false;
    }
    *p = '\0';
    return o;
}

/* The "What it does" section of a rule's doc, as plain text. */
static char *what_it_does(sg_arena *a, const char *doc)
{
    const char *h = doc ? strstr(doc, "## What it does") : NULL;
    if (!h)
        return NULL;
    h = strchr(h, '\n');
    if (!h)
        return NULL;
    const char *e = strstr(h, "\n## ");
    size_t n = e ? (size_t)(e - h) : strlen(h);
    sg_str s = sg_str_trim((sg_str){h, n});
    return s.len ? sg_str_cstr(a, s) : NULL;
}

static json_t *rule_json(sg_run *r, const sg_rule *ru)
{
    json_t *j = json_object();
    json_object_set_new(j, "id", json_string(ru->id));
    json_object_set_new(j, "name", json_string(pascal(r->a, ru->id)));
    json_object_set_new(j, "shortDescription", text_obj(ru->summary));
    const char *doc = sg_rule_doc(ru->id);
    char *full = what_it_does(r->a, doc);
    json_object_set_new(j, "fullDescription", text_obj(full ? full : ru->summary));
    json_t *help = text_obj(ru->help ? ru->help : ru->summary);
    if (doc)
        json_object_set_new(help, "markdown", json_string(doc));
    json_object_set_new(j, "help", help);
    json_object_set_new(j, "helpUri", json_string(sg_report_doc_url(r->a, ru->id)));
    json_t *cfg = json_object();
    json_object_set_new(cfg, "level", json_string(sarif_level(sg_engine_level(r->e, ru))));
    if (sg_engine_level(r->e, ru) == SG_LEVEL_OFF)
        json_object_set_new(cfg, "enabled", json_false());
    json_object_set_new(j, "defaultConfiguration", cfg);
    json_t *props = json_object();
    json_t *tags = json_array();
    if (ru->tags) {
        const char *t = ru->tags;
        while (*t) {
            const char *c = strchr(t, ',');
            size_t n = c ? (size_t)(c - t) : strlen(t);
            json_array_append_new(tags, json_stringn(t, n));
            t += n + (c ? 1 : 0);
        }
    }
    json_object_set_new(props, "tags", tags);
    json_object_set_new(j, "properties", props);
    return j;
}

int sg_report_sarif(FILE *f, sg_run *r, const sg_opts *o)
{
    (void)o;
    size_t n = r->e->diags.len;
    char(*fp)[33] = sg_arena_alloc(r->a, (n + 1) * sizeof *fp);
    sg_report_fingerprints(r, fp);

    SG_VEC(const sg_rule *) rules = {0};
    for (size_t i = 0; i < sg_rules_count; i++)
        sg_vec_push(r->a, &rules, sg_rules[i]);
    for (size_t i = 0; i < r->e->extra.len; i++)
        sg_vec_push(r->a, &rules, r->e->extra.items[i]);

    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_t *run = json_object();
    json_t *tool = json_object(), *driver = json_object();
    json_object_set_new(driver, "name", json_string("schemaguard"));
    json_object_set_new(driver, "version", json_string(SG_VERSION));
    json_object_set_new(driver, "semanticVersion", json_string(SG_VERSION));
    json_object_set_new(driver, "informationUri", json_string(SG_INFO_URI));
    json_t *jr = json_array();
    for (size_t i = 0; i < rules.len; i++)
        json_array_append_new(jr, rule_json(r, rules.items[i]));
    json_object_set_new(driver, "rules", jr);
    json_object_set_new(tool, "driver", driver);
    json_object_set_new(run, "tool", tool);

    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd)) {
        json_t *bases = json_object(), *root_uri = json_object();
        json_object_set_new(root_uri, "uri", json_string(sg_arena_printf(
                                                 r->a, "file://%s/", uri_encode(r->a, cwd))));
        json_object_set_new(bases, "%SRCROOT%", root_uri);
        json_object_set_new(run, "originalUriBaseIds", bases);
    }

    json_t *results = json_array();
    for (size_t i = 0; i < n; i++) {
        const sg_diag *d = r->e->diags.items[i];
        json_t *res = json_object();
        json_object_set_new(res, "ruleId", json_string(d->rule_id));
        for (size_t k = 0; k < rules.len; k++)
            if (rules.items[k] == d->rule) {
                json_object_set_new(res, "ruleIndex", json_integer((json_int_t)k));
                break;
            }
        json_object_set_new(res, "level", json_string(sarif_level(d->level)));
        json_object_set_new(res, "message", text_obj(d->message));
        json_t *locs = json_array();
        json_array_append_new(locs, location(r->a, d->span, NULL));
        json_object_set_new(res, "locations", locs);
        if (d->related.src) {
            json_t *rel = json_array();
            json_t *l = location(r->a, d->related,
                                 d->related.src->rev
                                     ? sg_arena_printf(r->a, "%s (at %s)",
                                                       d->related_message ? d->related_message
                                                                          : "related",
                                                       d->related.src->rev)
                                     : (d->related_message ? d->related_message : "related"));
            json_object_set_new(l, "id", json_integer(1));
            json_array_append_new(rel, l);
            json_object_set_new(res, "relatedLocations", rel);
        }
        json_t *pf = json_object();
        json_object_set_new(pf, "schemaguard/v1", json_string(fp[i]));
        json_object_set_new(res, "partialFingerprints", pf);
        if (d->suppressed) {
            json_t *sup = json_array(), *s = json_object();
            json_object_set_new(s, "kind", json_string("inSource"));
            if (d->suppression && *d->suppression)
                json_object_set_new(s, "justification", json_string(d->suppression));
            json_array_append_new(sup, s);
            json_object_set_new(res, "suppressions", sup);
        }
        json_array_append_new(results, res);
    }
    json_object_set_new(run, "results", results);
    json_object_set_new(run, "columnKind", json_string("utf16CodeUnits"));
    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_object_set_new(root, "runs", runs);
    int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    fputc('\n', f);
    return rc == 0 ? SG_OK : sg_error_set(SG_EIO, "cannot write the report");
}
