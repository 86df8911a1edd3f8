/* Schema files against their base version: the explicit base, else HEAD when git tracks the
 * file; a table of schema frontends (Prisma, Drizzle) says how to read a version into a model
 * and how to diff two. Untracked files and the absence of a repository become one notice. */
#include "versions_int.h"

#include <string.h>

#include "diff.h"
#include "drizzle.h"
#include "error.h"
#include "prisma.h"

/* ---- schema frontends ---- */

/* One entry per schema language: how to read a version into a model and how to diff two.
 * Another schema language plugs in with one more row. */
typedef struct schema_frontend {
    sg_kind kind;
    bool folder;       /* the files of one directory are one schema (prismaSchemaFolder) */
    bool shared;       /* run.c's code pass already read the file, reports its syntax errors
                        * and applies its suppressions: reuse that source, report nothing twice */
    bool (*accepts)(const sg_source *src);   /* NULL: every file of the kind */
    void (*parse)(sg_model **out, sg_problem_list *problems, sg_arena *a, sg_source **srcs,
                  size_t n);
    void (*diff)(sg_change_list *out, sg_arena *a, const sg_model *old, const sg_model *new_,
                 sg_source *head_src);
} schema_frontend;

static void prisma_diff(sg_change_list *out, sg_arena *a, const sg_model *old,
                        const sg_model *new_, sg_source *head_src)
{
    sg_diff_models(out, a, old, new_, SG_IN_PRISMA, head_src);
}

static bool drizzle_accepts(const sg_source *src)
{
    return sg_drizzle_is_schema(src);
}

/* One module is one schema. */
static void drizzle_parse(sg_model **out, sg_problem_list *problems, sg_arena *a,
                          sg_source **srcs, size_t n)
{
    (void)n;
    sg_drizzle_parse_model(out, problems, a, srcs[0]);
}

static const schema_frontend frontends[] = {
    {SG_KIND_PRISMA, true, false, NULL, sg_prisma_parse, prisma_diff},
    {SG_KIND_TS, false, true, drizzle_accepts, drizzle_parse, sg_drizzle_diff},
    {SG_KIND_JS, false, true, drizzle_accepts, drizzle_parse, sg_drizzle_diff},
};

static const schema_frontend *frontend_for(sg_kind kind)
{
    for (size_t i = 0; i < sizeof frontends / sizeof frontends[0]; i++)
        if (frontends[i].kind == kind)
            return &frontends[i];
    return NULL;
}

/* ---- schema files ---- */

/* The base revision of a schema file: the explicit base, else HEAD when git tracks the file.
 * NULL (with the reason recorded for the one notice) when there is none. */
static sg_git_rev *schema_base(sg_run *r, sg_versions *v, const char *path, char **rel)
{
    if (!v->explicit_base && sg_versions__open_git(v, r->a) < 0) {
        v->no_repo = true;
        return NULL;
    }
    if (sg_git_relpath(rel, v->git, r->a, path) < 0) {
        sg_vec_push(r->a, &v->untracked, sg_arena_strdup(r->a, path));
        return NULL;
    }
    if (v->base)
        return v->base;
    if (!sg_git_tracked(v->git, *rel)) {
        sg_vec_push(r->a, &v->untracked, sg_arena_strdup(r->a, path));
        return NULL;
    }
    if (!v->head_tried) {
        v->head_tried = true;
        if (sg_git_resolve(&v->head_commit, v->git, "HEAD") < 0)
            sg_run_notice(r, "%s", sg_error_last());
    }
    return v->head_commit;
}

static const char *dir_of(sg_arena *a, const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? sg_arena_strndup(a, p, (size_t)(s - p)) : ".";
}

static bool has_ext(const char *p, const char *ext)
{
    size_t n = strlen(p), m = strlen(ext);
    return n > m && strcmp(p + n - m, ext) == 0;
}

/* The working-tree files of the schema unit path belongs to: the path alone, or every file of
 * its kind in its directory for a folder schema. */
static void unit_files(sg_path_list *out, sg_arena *a, const char *path, const char *ext,
                       bool folder)
{
    sg_path_list all = {0};
    if (folder)
        sg_walk_dir_files(&all, a, dir_of(a, path));
    for (size_t i = 0; i < all.len; i++)
        if (has_ext(all.items[i], ext))
            sg_vec_push(a, out, all.items[i]);
    if (out->len < 2) {
        out->len = 0;
        sg_vec_push(a, out, sg_arena_strdup(a, path));
    }
}

/* The base sources of a unit: the same file, or the files of the folder, at rev. */
static void base_sources(sg_prisma_sources *out, sg_run *r, sg_versions *v, sg_git_rev *rev,
                         const char *path, const char *rel, const char *ext, bool folder)
{
    pthread_mutex_lock(&v->lock);
    sg_path_list names = {0};
    const char *reldir = dir_of(r->a, rel);
    if (strcmp(reldir, ".") == 0)
        reldir = "";
    size_t plen = *reldir ? strlen(reldir) + 1 : 0;
    if (folder && sg_git_list(&names, r->a, rev, reldir) >= 0) {
        size_t k = 0;
        for (size_t i = 0; i < names.len; i++)
            if (has_ext(names.items[i], ext) && !strchr(names.items[i] + plen, '/'))
                names.items[k++] = names.items[i];
        names.len = k;
    }
    if (names.len < 2) {
        names.len = 0;
        sg_vec_push(r->a, &names, (char *)rel);
    }
    for (size_t i = 0; i < names.len; i++) {
        sg_source *src = NULL;
        const char *shown = names.len == 1 ? path
                                           : sg_walk_join(r->a, dir_of(r->a, path),
                                                          names.items[i] + plen);
        if (sg_git_read(&src, r->a, rev, names.items[i], shown) >= 0)
            sg_vec_push(r->a, out, src);
    }
    pthread_mutex_unlock(&v->lock);
}

/* The head source run.c already read for path (the code pass), or NULL. r->sources holds head
 * versions only (the working file, or the staged blob with --staged). */
static sg_source *run_source(sg_run *r, const char *path)
{
    for (size_t i = r->sources.len; i-- > 0;)
        if (strcmp(r->sources.items[i]->path, path) == 0)
            return r->sources.items[i];
    return NULL;
}

static bool seen_dir(sg_run *r, sg_versions *v, const char *dir)
{
    for (size_t i = 0; i < v->schema_dirs.len; i++)
        if (strcmp(v->schema_dirs.items[i], dir) == 0)
            return true;
    sg_vec_push(r->a, &v->schema_dirs, dir);
    return false;
}

/* The base version's model, kept between runs of the language server: the base does not
 * change while the head is edited, and building a schema model is most of a keystroke's work.
 * It owns copies of its sources, which the spans of its model (and of findings) point into. */
static struct {
    bool on;
    const schema_frontend *fe;
    sg_arena *a;
    sg_prisma_sources srcs;
    sg_model *model;
    const char *problem; /* the first parse problem of the base, or NULL */
} kept;

void sg_versions_keep_base(bool on)
{
    sg_arena_free(kept.a);
    memset(&kept, 0, sizeof kept);
    kept.on = on;
}

static bool kept_matches(const schema_frontend *fe, const sg_prisma_sources *base)
{
    if (!kept.a || kept.fe != fe || kept.srcs.len != base->len)
        return false;
    for (size_t i = 0; i < base->len; i++) {
        const sg_source *a = kept.srcs.items[i], *b = base->items[i];
        if (strcmp(a->path, b->path) != 0 || a->len != b->len ||
            memcmp(a->text, b->text, a->len) != 0)
            return false;
    }
    return true;
}

/* The model of the base version (NULL with *problem set when it does not parse): from the kept
 * one when its sources are the same, else parsed (and kept when the server asked for it). */
static sg_model *base_model(const schema_frontend *fe, sg_prisma_sources *base, sg_arena *tmp,
                            const char **problem)
{
    if (kept.on && kept_matches(fe, base)) {
        *problem = kept.problem;
        return kept.problem ? NULL : kept.model;
    }
    sg_arena *a = tmp;
    sg_prisma_sources *srcs = base;
    if (kept.on) {
        sg_versions_keep_base(true);
        kept.a = a = sg_arena_new();
        kept.fe = fe;
        for (size_t i = 0; i < base->len; i++) {
            const sg_source *b = base->items[i];
            sg_source *c = sg_source_make(a, b->path, b->rev, b->text, b->len, b->kind);
            sg_vec_push(a, &kept.srcs, c);
        }
        srcs = &kept.srcs;
    }
    sg_problem_list problems = {0};
    sg_model *m = sg_model_make(a);
    if (srcs->len)
        fe->parse(&m, &problems, a, srcs->items, srcs->len);
    *problem = problems.len ? sg_arena_strdup(a, problems.items[0].message) : NULL;
    if (kept.on) {
        kept.model = m;
        kept.problem = *problem;
    }
    return *problem ? NULL : m;
}

/* Parses the head version, reports its problems, and diffs it with its base version. */
static void compare(sg_run *r, sg_versions *v, const schema_frontend *fe,
                    sg_prisma_sources *head, const char *ext, sg_arena *tmp)
{
    sg_problem_list problems = {0};
    sg_model *now = NULL;
    fe->parse(&now, &problems, tmp, head->items, head->len);
    if (fe->shared && problems.len)
        return; /* a partial model would read as drops; the code pass reports the error */
    for (size_t i = 0; i < head->len && !fe->shared; i++)
        sg_vec_push(r->a, &r->sources, head->items[i]);
    r->files += fe->shared ? 0 : head->len;
    for (size_t i = 0; i < problems.len; i++)
        sg_engine_problem(r->e, &problems.items[i]);

    char *rel = NULL;
    sg_git_rev *rev = schema_base(r, v, head->items[0]->path, &rel);
    if (!rev)
        return;
    sg_prisma_sources base = {0};
    base_sources(&base, r, v, rev, head->items[0]->path, rel, ext ? ext : "", fe->folder);
    const char *problem = NULL;
    sg_model *before = base_model(fe, &base, tmp, &problem);
    if (problem) {
        sg_run_notice(r, "%s: the version at %s does not parse (%s), so it is not compared",
                      base.items[0]->path, sg_git_rev_label(rev), problem);
        return;
    }
    sg_change_list changes = {0};
    fe->diff(&changes, tmp, before, now, head->items[0]);
    sg_engine_changes(r->e, &changes);
}

bool sg_versions_check_schema(sg_run *r, sg_versions *v, const char *path, sg_kind kind)
{
    const schema_frontend *fe = frontend_for(kind);
    if (!fe || !v)
        return false;
    const char *ext = strrchr(path, '.');
    sg_path_list files = {0};
    unit_files(&files, r->a, path, ext ? ext : "", fe->folder);
    if (files.len > 1 && seen_dir(r, v, dir_of(r->a, path)))
        return true; /* the folder was checked with its first file */
    sg_prisma_sources head = {0};
    for (size_t i = 0; i < files.len; i++) {
        sg_source *src = fe->shared ? run_source(r, files.items[i]) : NULL;
        int rc = src ? SG_OK : sg_versions_read_head(&src, v, r->a, files.items[i]);
        if (rc == SG_ENOTFOUND && v->head_index)
            continue; /* not staged: not part of the commit */
        if (rc < 0) {
            sg_run_notice(r, "error: %s", sg_error_last());
            continue;
        }
        if (fe->accepts && !fe->accepts(src))
            continue;
        if (!fe->shared)
            src->kind = kind;
        sg_vec_push(r->a, &head, src);
    }
    if (!head.len)
        return true;
    /* Trees, models and changes are scratch: findings keep spans into the sources (in the run)
     * and messages in the engine. A schema folder's trees are several times its text. */
    sg_arena *tmp = sg_arena_new();
    compare(r, v, fe, &head, ext, tmp);
    sg_arena_free(tmp);
    return true;
}
