/* Base and head versions (see versions.h): migration directories compared with their history at
 * a base revision (edited, removed, added migrations; the added and changed ones linted as one
 * change), schema files diffed against their base version through a per-kind frontend table,
 * and the staged (index) reads of --staged. All git access goes through git.c. */
#include "versions.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "drizzle.h"
#include "error.h"
#include "git.h"
#include "net.h"
#include "prisma.h"
#include "replay.h"

struct sg_versions {
    const sg_opts *o;
    bool explicit_base;      /* --base or --staged: git is required */
    const char *start;       /* where the repository is looked up */
    sg_git *git;             /* NULL until opened (or when there is none) */
    bool git_tried;
    sg_git_rev *base;        /* --base REV, or HEAD with --staged */
    sg_git_rev *head_index;  /* --staged: head versions are the staged blobs */
    sg_git_rev *head_commit; /* HEAD: the default base of tracked schema files */
    bool head_tried;
    pthread_mutex_t lock;    /* libgit2 objects are read by one thread at a time */
    bool no_repo;            /* a schema file had no base: not in a repository */
    SG_VEC(const char *) untracked;
    SG_VEC(const char *) schema_dirs; /* schema folders already checked as a whole */
};

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

/* ---- opening ---- */

static void destroy_lock(void *p)
{
    pthread_mutex_destroy(p);
}

static int open_git(sg_versions *v, sg_arena *a)
{
    if (v->git_tried)
        return v->git ? SG_OK : SG_ENOTFOUND;
    v->git_tried = true;
    return sg_git_open(&v->git, a, v->start);
}

int sg_versions_open(sg_versions **out, sg_run *r, const sg_opts *o)
{
    sg_versions *v = sg_arena_alloc(r->a, sizeof *v);
    v->o = o;
    v->start = o->npaths ? o->paths[0] : ".";
    v->explicit_base = o->base || o->staged;
    pthread_mutex_init(&v->lock, NULL);
    sg_arena_defer(r->a, destroy_lock, &v->lock);
    *out = v;
    if (!v->explicit_base)
        return SG_OK;
    int rc = open_git(v, r->a);
    if (rc < 0) {
        char *why = sg_arena_strdup(r->a, sg_error_last());
        return sg_error_set(rc, "%s %s: %s", o->staged ? "--staged" : "--base",
                            o->staged ? "reads the git index" : "compares with a git revision",
                            why);
    }
    if ((rc = sg_git_resolve(&v->base, v->git, o->base ? o->base : "HEAD")) < 0)
        return rc;
    if (o->staged && (rc = sg_git_index(&v->head_index, v->git)) < 0)
        return rc;
    return SG_OK;
}

bool sg_versions_has_base(const sg_versions *v)
{
    return v && v->base;
}

static int relpath_locked(char **out, sg_versions *v, sg_arena *a, const char *path)
{
    pthread_mutex_lock(&v->lock);
    int rc = sg_git_relpath(out, v->git, a, path);
    pthread_mutex_unlock(&v->lock);
    return rc;
}

int sg_versions_read_head(sg_source **out, sg_versions *v, sg_arena *a, const char *path)
{
    if (!v || !v->head_index)
        return sg_run_read(out, a, v ? v->o->overlay : NULL, path);
    char *rel = NULL;
    int rc = relpath_locked(&rel, v, a, path);
    if (rc < 0)
        return rc;
    pthread_mutex_lock(&v->lock);
    rc = sg_git_read(out, a, v->head_index, rel, path);
    pthread_mutex_unlock(&v->lock);
    return rc;
}

/* ---- comparing contents ---- */

/* 0 when the texts are equal with CRLF and LF line ends alike (a checkout with core.autocrlf
 * rewrites them; that is not an edit), else the 1-based line of the first difference. */
static uint32_t first_difference(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    uint32_t line = 1;
    for (;;) {
        if (i + 1 < an && a[i] == '\r' && a[i + 1] == '\n')
            i++;
        if (j + 1 < bn && b[j] == '\r' && b[j + 1] == '\n')
            j++;
        if (i == an || j == bn)
            return i == an && j == bn ? 0 : line;
        if (a[i] != b[j])
            return line;
        if (a[i] == '\n')
            line++;
        i++;
        j++;
    }
}

/* The whole of one line, without its line end: what a whole-file finding points at. */
static sg_span line_span(sg_source *src, uint32_t line)
{
    uint32_t s = sg_source_line_start(src, line);
    const char *nl = memchr(src->text + s, '\n', src->len - s);
    uint32_t e = nl ? (uint32_t)(nl - src->text) : (uint32_t)src->len;
    if (e > s && src->text[e - 1] == '\r')
        e--;
    return sg_span_make(src, s, e);
}

/* ---- migration directories ---- */

enum { M_UNCHANGED, M_EDITED, M_ADDED, M_REMOVED };

typedef struct entry {
    const char *key;
    sg_migfile *head;     /* NULL when removed */
    sg_source *base;      /* the base version, NULL when added */
    int state;
    uint32_t diff_line;   /* M_EDITED: first differing line */
} entry;

typedef SG_VEC(entry) entry_list;

static int cmp_entry(const void *pa, const void *pb)
{
    return sg_walk_natural_cmp(((const entry *)pa)->key, ((const entry *)pb)->key);
}

static bool is_down(const char *name)
{
    size_t n = strlen(name);
    return n >= 9 && strcmp(name + n - 9, ".down.sql") == 0;
}

/* A base path below the directory that is one of its migrations, by the head's layout: the
 * key, or NULL. Prisma: <dir>/<key>/migration.sql; otherwise <dir>/<key>.sql. */
static const char *base_key(sg_arena *a, const char *rest, bool prisma_layout)
{
    const char *slash = strchr(rest, '/');
    if (prisma_layout) {
        if (!slash || slash == rest || strcmp(slash + 1, "migration.sql") != 0)
            return NULL;
        return sg_arena_strndup(a, rest, (size_t)(slash - rest));
    }
    size_t n = strlen(rest);
    if (slash || n < 5 || strcmp(rest + n - 4, ".sql") != 0 || is_down(rest))
        return NULL;
    return rest;
}

/* The base migrations of the directory, read from git, as entries without a head. */
static int base_entries(entry_list *out, sg_run *r, sg_versions *v, sg_migset *s,
                        const char *reldir)
{
    sg_path_list paths = {0};
    pthread_mutex_lock(&v->lock);
    int rc = sg_git_list(&paths, r->a, v->base, reldir);
    size_t plen = *reldir ? strlen(reldir) + 1 : 0;
    for (size_t i = 0; rc >= 0 && i < paths.len; i++) {
        const char *rest = paths.items[i] + plen;
        const char *key = base_key(r->a, rest, s->prisma_layout);
        if (!key)
            continue;
        entry e = {.key = key, .state = M_REMOVED};
        rc = sg_git_read(&e.base, r->a, v->base, paths.items[i], sg_walk_join(r->a, s->dir, rest));
        if (rc >= 0)
            e.base->kind = SG_KIND_SQL;
        sg_vec_push(r->a, out, e);
    }
    pthread_mutex_unlock(&v->lock);
    return rc < 0 ? rc : SG_OK;
}

static entry *find_key(entry_list *l, const char *key)
{
    for (size_t i = 0; i < l->len; i++)
        if (strcmp(l->items[i].key, key) == 0)
            return &l->items[i];
    return NULL;
}

static void replay_all(sg_model *m, sg_change_list *changes)
{
    for (size_t k = 0; k < changes->len; k++)
        sg_replay_apply(m, changes->items[k]);
}

static sg_change *history_change(sg_run *r, sg_change_kind kind, sg_span at, sg_span related,
                                 const char *related_message, const char *key)
{
    sg_change *ch = sg_arena_alloc(r->a, sizeof *ch);
    ch->kind = kind;
    ch->origin = SG_IN_HISTORY;
    ch->at = ch->stmt = at;
    ch->related = related;
    ch->related_message = related_message;
    ch->name = sg_str_c(key);
    ch->existing = true;
    return ch;
}

/* The head version of a migration file, read now if run.c did not need it; NULL if unreadable. */
static sg_source *head_source(sg_run *r, sg_versions *v, sg_migfile *f)
{
    if (!f || f->io_error)
        return NULL;
    if (f->src)
        return f->src;
    sg_source *src = NULL;
    return sg_versions_read_head(&src, v, r->a, f->path) >= 0 ? src : NULL;
}

/* Where a removed migration is reported: the first line of the migration that now follows it
 * (the one a deploy runs in its place), else of the one before it. */
static sg_source *neighbour(sg_run *r, sg_versions *v, entry *es, size_t n, size_t i)
{
    sg_source *src = NULL;
    for (size_t k = i + 1; k < n && !src; k++)
        src = head_source(r, v, es[k].head);
    for (size_t k = i; k-- > 0 && !src;)
        src = head_source(r, v, es[k].head);
    return src;
}

static void report_history(sg_run *r, sg_versions *v, entry *es, size_t n)
{
    sg_change_list hist = {0};
    const char *label = sg_git_rev_label(v->base);
    for (size_t i = 0; i < n; i++) {
        entry *e = &es[i];
        if (e->state == M_EDITED) {
            sg_span rel = line_span(e->base, e->diff_line);
            const char *msg = "the committed version; the first difference is on this line";
            sg_vec_push(r->a, &hist, history_change(r, SG_CHANGE_MIGRATION_EDITED,
                                                    line_span(e->head->src, 1), rel, msg, e->key));
        } else if (e->state == M_REMOVED) {
            sg_source *at = neighbour(r, v, es, n, i);
            if (!at) {
                sg_run_notice(r, "%s: deleted since %s, and no migration is left in its "
                              "directory to report it at", e->base->path, label);
                continue;
            }
            const char *msg = "the deleted migration, as it was committed";
            bool known = false;
            for (size_t k = 0; k < r->sources.len && !known; k++)
                known = r->sources.items[k] == at;
            if (!known) /* so an ignore comment there can suppress the finding */
                sg_vec_push(r->a, &r->sources, at);
            sg_vec_push(r->a, &hist, history_change(r, SG_CHANGE_MIGRATION_REMOVED,
                                                    line_span(at, 1), line_span(e->base, 1), msg,
                                                    e->key));
        }
    }
    sg_engine_changes(r->e, &hist);
}

/* Head entries: the directory's files as run.c collected them; with --staged a file that is
 * not in the index is not part of the commit and is left out. */
static void head_entries(entry_list *es, sg_run *r, sg_versions *v, sg_migset *s)
{
    for (size_t i = 0; i < s->files.len; i++) {
        sg_migfile *f = s->files.items[i];
        if (v->head_index && f->io_error == SG_ENOTFOUND)
            continue;
        if (f->selected)
            r->files++;
        if (f->io_error && f->selected)
            sg_run_notice(r, "error: %s", f->io_message);
        entry *e = find_key(es, f->key);
        if (!e) {
            entry ne = {.key = f->key, .head = f, .state = M_ADDED};
            sg_vec_push(r->a, es, ne);
            continue;
        }
        e->head = f;
        e->state = M_UNCHANGED;
        if (!f->src)
            continue; /* not read: after the last selected migration, context only */
        uint32_t line = first_difference(e->base->text, e->base->len, f->src->text, f->src->len);
        if (line && f->selected) {
            e->state = M_EDITED;
            e->diff_line = line;
        }
    }
}

static bool linted(const entry *e, int state)
{
    return e->state == state && e->head && e->head->selected && e->head->src;
}

/* Starts linting a head migration: its source joins the run, its parse problems are reported. */
static void take(sg_run *r, sg_migfile *f)
{
    sg_vec_push(r->a, &r->sources, f->src);
    r->statements += f->parsed.statements;
    for (size_t k = 0; k < f->parsed.problems.len; k++)
        sg_engine_problem(r->e, &f->parsed.problems.items[k]);
}

static void lint_changes(sg_run *r, const sg_change_list *changes)
{
    sg_change_list l = {0}; /* net analysis may append: not to the file's own list */
    for (size_t k = 0; k < changes->len; k++)
        sg_vec_push(r->a, &l, changes->items[k]);
    sg_net_analyze(&l, r->a);
    sg_engine_changes(r->e, &l);
}

/* An edited migration is linted against the state the migrations before it leave (their head
 * versions), as its own change: rewriting `init` to add a column creates new tables there, it
 * does not recreate existing ones. */
static void lint_edited(sg_run *r, entry *es, size_t n)
{
    size_t last = n;
    for (size_t i = 0; i < n; i++)
        if (linted(&es[i], M_EDITED))
            last = i;
    if (last == n)
        return;
    sg_model *m = sg_model_make(r->a);
    for (size_t i = 0; i <= last; i++) {
        sg_migfile *f = es[i].head;
        if (!f || !f->src)
            continue;
        bool lint = linted(&es[i], M_EDITED);
        if (lint) {
            sg_model_commit(m);
            take(r, f);
        }
        replay_all(m, &f->parsed.changes);
        if (lint) {
            lint_changes(r, &f->parsed.changes);
            sg_model_commit(m);
        }
    }
}

/* Added migrations are linted against the state the whole base history leaves (every base
 * migration in its base version: edited ones as they were, deleted ones too), all together as
 * ONE change: their net effect, so a column added and dropped inside the change lost nothing. */
static void lint_added(sg_run *r, entry *es, size_t n)
{
    bool any = false;
    for (size_t i = 0; i < n && !any; i++)
        any = linted(&es[i], M_ADDED);
    if (!any)
        return;
    sg_model *m = sg_model_make(r->a);
    for (size_t i = 0; i < n; i++) {
        entry *e = &es[i];
        if (!e->base)
            continue;
        if (e->state == M_UNCHANGED && e->head && e->head->src) {
            if (e->head->parsed.problems.len)
                sg_run_notice(r, "%s: %zu parse error(s) in a preceding migration (not linted)",
                              e->head->path, e->head->parsed.problems.len);
            replay_all(m, &e->head->parsed.changes); /* same content as the base */
        } else {
            sg_sql_file f = {0};
            sg_sql_parse(&f, r->a, e->base);
            replay_all(m, &f.changes);
        }
    }
    sg_model_commit(m);
    sg_change_list all = {0};
    for (size_t i = 0; i < n; i++) {
        if (!linted(&es[i], M_ADDED))
            continue;
        sg_migfile *f = es[i].head;
        take(r, f);
        replay_all(m, &f->parsed.changes);
        for (size_t k = 0; k < f->parsed.changes.len; k++)
            sg_vec_push(r->a, &all, f->parsed.changes.items[k]);
    }
    sg_net_analyze(&all, r->a);
    sg_engine_changes(r->e, &all);
}

bool sg_versions_lint_set(sg_run *r, sg_versions *v, sg_migset *s)
{
    if (!sg_versions_has_base(v))
        return false;
    char *reldir = NULL;
    if (sg_git_relpath(&reldir, v->git, r->a, s->dir) < 0) {
        sg_run_notice(r, "%s is outside the git repository at %s: its migrations are linted "
                      "without a base", s->dir, sg_git_workdir(v->git));
        return false;
    }
    entry_list es = {0};
    int rc = base_entries(&es, r, v, s, reldir);
    if (rc < 0) {
        sg_run_notice(r, "error: %s", sg_error_last());
        return true;
    }
    head_entries(&es, r, v, s);
    if (es.len)
        qsort(es.items, es.len, sizeof(entry), cmp_entry);
    lint_edited(r, es.items, es.len); /* first: the added ones replay these again */
    lint_added(r, es.items, es.len);
    report_history(r, v, es.items, es.len);
    return true;
}

/* ---- schema files ---- */

/* The base revision of a schema file: the explicit base, else HEAD when git tracks the file.
 * NULL (with the reason recorded for the one notice) when there is none. */
static sg_git_rev *schema_base(sg_run *r, sg_versions *v, const char *path, char **rel)
{
    if (!v->explicit_base && open_git(v, r->a) < 0) {
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

/* The source run.c already read for path (the code pass), or NULL. */
static sg_source *run_source(sg_run *r, const char *path)
{
    for (size_t i = r->sources.len; i-- > 0;)
        if (!r->sources.items[i]->rev && strcmp(r->sources.items[i]->path, path) == 0)
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
        sg_source *src = fe->shared && !v->head_index ? run_source(r, files.items[i]) : NULL;
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
    sg_problem_list problems = {0};
    sg_model *now = NULL;
    fe->parse(&now, &problems, r->a, head.items, head.len);
    if (fe->shared && problems.len)
        return true; /* a partial model would read as drops; the code pass reports the error */
    for (size_t i = 0; i < head.len && !fe->shared; i++)
        sg_vec_push(r->a, &r->sources, head.items[i]);
    r->files += fe->shared ? 0 : head.len;
    for (size_t i = 0; i < problems.len; i++)
        sg_engine_problem(r->e, &problems.items[i]);

    char *rel = NULL;
    sg_git_rev *rev = schema_base(r, v, head.items[0]->path, &rel);
    if (!rev)
        return true;
    sg_prisma_sources base = {0};
    base_sources(&base, r, v, rev, head.items[0]->path, rel, ext ? ext : "", fe->folder);
    sg_problem_list base_problems = {0};
    sg_model *before = sg_model_make(r->a);
    if (base.len)
        fe->parse(&before, &base_problems, r->a, base.items, base.len);
    if (base_problems.len) {
        sg_run_notice(r, "%s: the version at %s does not parse (%s), so it is not compared",
                      base.items[0]->path, sg_git_rev_label(rev), base_problems.items[0].message);
        return true;
    }
    sg_change_list changes = {0};
    fe->diff(&changes, r->a, before, now, head.items[0]);
    sg_engine_changes(r->e, &changes);
    return true;
}

void sg_versions_finish(sg_run *r, sg_versions *v)
{
    if (!v)
        return;
    if (v->no_repo)
        sg_run_notice(r, "not in a git repository: schema files are linted without a base "
                      "version, so only the rules that need no base ran");
    if (v->untracked.len) {
        const char *more = v->untracked.len > 3
                               ? sg_arena_printf(r->a, " and %zu more", v->untracked.len - 3)
                               : "";
        sg_run_notice(r, "%s%s%s%s%s%s not tracked by git: no base version to compare with, so "
                      "only the rules that need no base ran",
                      v->untracked.items[0], v->untracked.len > 1 ? ", " : "",
                      v->untracked.len > 1 ? v->untracked.items[1] : "",
                      v->untracked.len > 2 ? ", " : "",
                      v->untracked.len > 2 ? v->untracked.items[2] : "", more);
    }
}
