/* The check and diff pipelines: walk the paths, read and classify sources, parse SQL files on
 * every core, replay each migration directory in order, lint the selected migrations against the
 * state their predecessors leave, and collect findings. Reporting is not done here. */
#include "run.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "code.h"
#include "config.h"
#include "diff.h"
#include "drizzle.h"
#include "error.h"
#include "prisma.h"
#include "net.h"
#include "pool.h"
#include "replay.h"
#include "scripts.h"
#include "suppress.h"
#include "versions.h"

sg_run *sg_run_make(sg_arena *a, const sg_opts *o)
{
    sg_run *r = sg_arena_alloc(a, sizeof *r);
    r->a = a;
    r->e = sg_engine_make(a);
    if (o && o->cfg)
        sg_config_apply(o->cfg, r->e); /* config levels first: --rule overrides them */
    for (size_t i = 0; o && i < o->nrules; i++)
        sg_engine_set_level(r->e, o->rules[i].id, o->rules[i].level);
    return r;
}

void sg_run_notice(sg_run *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *s = sg_arena_vprintf(r->a, fmt, ap);
    va_end(ap);
    sg_vec_push(r->a, &r->notices, s);
}

int sg_run_read(sg_source **out, sg_arena *a, const sg_overlay *ov, const char *path)
{
    size_t len = 0;
    const char *text = ov && ov->lookup ? ov->lookup(ov->ctx, path, &len) : NULL;
    if (!text)
        return sg_source_read(out, a, path, path);
    *out = sg_source_make(a, path, NULL, text, len, sg_source_kind_of(path, text, len));
    return SG_OK;
}

bool sg_run_overlaid(const sg_overlay *ov, const char *path)
{
    size_t len = 0;
    return ov && ov->lookup && ov->lookup(ov->ctx, path, &len) != NULL;
}

/* ---- migration directories ---- */

/* Declared in versions.h, which compares them with a base history. */
typedef sg_migfile mfile;
typedef sg_migset mset;

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static char *dir_name(sg_arena *a, const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? sg_arena_strndup(a, p, (size_t)(s - p)) : sg_arena_strdup(a, ".");
}

static bool is_down(const char *name)
{
    size_t n = strlen(name);
    return n >= 9 && strcmp(name + n - 9, ".down.sql") == 0;
}

/* Prisma keeps each migration in <migrations>/<timestamp>_<name>/migration.sql. */
static bool prisma_slot(sg_arena *a, const char *path, char **dir, const char **key)
{
    if (strcmp(base_name(path), "migration.sql") != 0)
        return false;
    char *parent = dir_name(a, path);
    if (strcmp(parent, ".") == 0)
        return false;
    *key = sg_arena_strdup(a, base_name(parent));
    *dir = dir_name(a, parent);
    return true;
}

typedef SG_VEC(mset *) mset_list;

static mset *find_set(mset_list *sets, const char *dir)
{
    for (size_t i = 0; i < sets->len; i++)
        if (strcmp(sets->items[i]->dir, dir) == 0)
            return sets->items[i];
    return NULL;
}

/* The file of s with that path, or NULL. `known` holds every path already put in a set, so the
 * common miss costs O(1) instead of a scan (directories of a thousand migrations). */
static mfile *set_file(mset *s, const sg_pathset *known, const char *path)
{
    if (!sg_pathset_has(known, path))
        return NULL;
    for (size_t i = 0; i < s->files.len; i++)
        if (strcmp(s->files.items[i]->path, path) == 0)
            return s->files.items[i];
    return NULL;
}

static int cmp_mfile(const void *pa, const void *pb)
{
    const mfile *a = *(mfile *const *)pa, *b = *(mfile *const *)pb;
    return sg_walk_natural_cmp(a->key, b->key);
}

/* Adds the siblings of a migration directory that were not given, as context: a migration is
 * linted against the state its predecessors leave even when only it was named. */
static void add_context(sg_run *r, mset *s, sg_pathset *known)
{
    /* The listing is scratch: only the entries added to the set are copied into the run. */
    sg_arena *tmp = sg_arena_new();
    sg_path_list all = {0};
    sg_walk_dir_files(&all, tmp, s->dir);
    for (size_t i = 0; i < all.len; i++) {
        char *p = all.items[i];
        char *mp = NULL;
        const char *key = NULL;
        struct stat st;
        /* A path lives in one directory's set only: known means already in this one, and
         * needs no stat (every file of the directory, when all were named). */
        if (s->prisma_layout) {
            /* <dir>/migration.sql being a regular file says <dir> is a directory. */
            mp = sg_walk_join(tmp, p, "migration.sql");
            if (sg_pathset_has(known, mp) || stat(mp, &st) != 0 || !S_ISREG(st.st_mode))
                continue;
            key = base_name(p);
        } else {
            const char *nm = base_name(p);
            size_t n = strlen(nm);
            if (n < 4 || strcmp(nm + n - 4, ".sql") != 0 || is_down(nm))
                continue;
            if (sg_pathset_has(known, p) || stat(p, &st) != 0 || !S_ISREG(st.st_mode))
                continue;
            mp = p;
            key = nm;
        }
        mfile *f = sg_arena_alloc(r->a, sizeof *f);
        f->path = sg_arena_strdup(r->a, mp);
        f->key = sg_arena_strdup(r->a, key);
        sg_pathset_add(known, r->a, f->path);
        sg_vec_push(r->a, &s->files, f);
    }
    sg_arena_free(tmp);
}

/* ---- parsing on every core ---- */

typedef struct work {
    sg_run *r;
    mfile **files;
    const sg_overlay *ov;
    sg_versions *v;       /* with --staged the head versions are the staged blobs */
} work;

static void load_and_parse(mfile *f, sg_arena *sources, const sg_overlay *ov, sg_versions *v)
{
    f->arena = sg_arena_new();
    sg_source *src = NULL;
    int rc = v ? sg_versions_read_head(&src, v, sources, f->path)
               : sg_run_read(&src, sources, ov, f->path);
    if (rc < 0) {
        f->io_error = rc;
        f->io_message = sg_arena_strdup(sources, sg_error_last());
        return;
    }
    src->kind = SG_KIND_SQL;
    f->src = src;
    memset(&f->parsed, 0, sizeof f->parsed);
    f->parsed.src = src;
    if (sg_source_is_binary(src)) {
        const char *nul = memchr(src->text, '\0', src->len);
        uint32_t at = (uint32_t)(nul - src->text);
        sg_problem_add(&f->parsed.problems, f->arena, sg_span_make(src, at, at),
                       "%s (a NUL byte at offset %u): not SQL text, not checked",
                       sg_source_binary_kind(src), at);
        return;
    }
    long bad = sg_source_invalid_utf8(src);
    if (bad >= 0) {
        sg_problem_add(&f->parsed.problems, f->arena,
                       sg_span_make(src, (uint32_t)bad, (uint32_t)bad + 1),
                       "invalid UTF-8 byte sequence: the file is not UTF-8 text, not checked");
        return;
    }
    sg_sql_parse(&f->parsed, f->arena, src);
}

/* Sources live until the report is written, in an arena of the worker that read them; the
 * parse data of each file lives in the file's own arena, freed once it has been linted. */
static void parse_one(void *ctx, int worker, size_t i)
{
    work *w = ctx;
    load_and_parse(w->files[i], w->r->worker_sources[worker], w->ov, w->v);
}

static void free_arena(void *p)
{
    sg_arena_free(p);
}

static int jobs_for(const sg_opts *o, size_t n)
{
    long cores = o && o->jobs > 0 ? o->jobs : sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        cores = 1;
    if (cores > 8)
        cores = 8;
    if ((size_t)cores > n)
        cores = (long)n;
    return (int)cores;
}

static void stop_pool(void *p)
{
    sg_pool_free(p);
}

/* Reads and parses files on every core. Their arenas are the caller's to free (free_parsed). */
static void parse_all(sg_run *r, const sg_opts *o, mfile **files, size_t n)
{
    if (!n)
        return;
    if (!r->worker_sources[0]) {
        r->worker_sources[0] = sg_arena_new();
        sg_arena_defer(r->a, free_arena, r->worker_sources[0]);
    }
    work w = {r, files, o ? o->overlay : NULL, r->versions};
    if (n == 1 && !r->pool) {
        parse_one(&w, 0, 0); /* one file (the editor, a single migration): no threads */
        return;
    }
    if (!r->pool) {
        r->pool = sg_pool_new(jobs_for(o, SIZE_MAX) - 1);
        sg_arena_defer(r->a, stop_pool, r->pool);
        for (int i = 1; i < sg_pool_workers(r->pool); i++) {
            r->worker_sources[i] = sg_arena_new();
            sg_arena_defer(r->a, free_arena, r->worker_sources[i]);
        }
    }
    sg_pool_run(r->pool, n, parse_one, &w);
}

/* Frees the parse data of files once nothing refers to it any more (their sources stay). */
static void free_parsed(mfile **files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sg_arena_free(files[i]->arena);
        files[i]->arena = NULL;
        memset(&files[i]->parsed, 0, sizeof files[i]->parsed);
    }
}

/* ---- check ---- */

/* Lints one migration of a directory against the model its predecessors left, then replays
 * it into the model. */
static void lint_one(sg_run *r, sg_model *m, sg_arena *set_arena, mfile *f)
{
    if (f->io_error) {
        if (f->selected)
            sg_run_notice(r, "error: %s", f->io_message);
        return;
    }
    if (f->selected) {
        sg_vec_push(r->a, &r->sources, f->src);
        r->files++;
        r->statements += f->parsed.statements;
        for (size_t k = 0; k < f->parsed.problems.len; k++)
            sg_engine_problem(r->e, &f->parsed.problems.items[k]);
    } else if (f->parsed.problems.len) {
        sg_run_notice(r, "%s: %zu parse error(s) in a preceding migration (not linted)", f->path,
                      f->parsed.problems.len);
    }
    /* Each migration is one change: what exists before it is "existing". */
    sg_model_commit(m);
    for (size_t k = 0; k < f->parsed.changes.len; k++)
        sg_replay_apply(m, f->parsed.changes.items[k]);
    if (f->selected) {
        sg_net_analyze(&f->parsed.changes, set_arena);
        sg_engine_changes(r->e, &f->parsed.changes);
    }
}

/* Files parsed at once, on every core, before they are linted in order: enough to keep both
 * cores busy, few enough that memory holds the model and a chunk, not the whole history. */
#define CHUNK 64

/* Parses and lints the migrations of a directory up to the last selected one. The model (in
 * an arena of the directory) copies what it keeps, so each migration's parse data is freed as
 * soon as it has been linted; findings keep only spans into sources and engine messages. */
static void lint_set(sg_run *r, const sg_opts *o, mset *s)
{
    size_t last = 0;
    for (size_t i = 0; i < s->files.len; i++)
        if (s->files.items[i]->selected)
            last = i + 1;
    mfile **files = s->files.items;
    if (sg_versions_has_base(r->versions)) {
        /* compared with the base history as a whole: everything parsed first */
        parse_all(r, o, files, last);
        if (!sg_versions_lint_set(r, r->versions, s)) {
            sg_arena *set_arena = sg_arena_new();
            sg_model *m = sg_model_make(set_arena);
            for (size_t i = 0; i < last; i++)
                lint_one(r, m, set_arena, files[i]);
            sg_arena_free(set_arena);
        }
        free_parsed(files, last);
        return;
    }
    sg_arena *set_arena = sg_arena_new();
    sg_model *m = sg_model_make(set_arena);
    for (size_t start = 0; start < last; start += CHUNK) {
        size_t n = last - start < CHUNK ? last - start : CHUNK;
        parse_all(r, o, files + start, n);
        for (size_t i = start; i < start + n; i++) {
            lint_one(r, m, set_arena, files[i]);
            free_parsed(&files[i], 1);
        }
    }
    sg_arena_free(set_arena);
}

/* Files that are not SQL migrations go to their frontend here, one case per kind. Kinds with
 * no frontend are not read and not counted as checked. */
/* Bootstrap code (TS/JS, tree-sitter queries) and scripts (package.json, shell, Dockerfile, CI
 * YAML, Procfile) produce facts for the code and script rules. */
static void check_facts(sg_run *r, const sg_opts *o, const char *path, sg_kind kind)
{
    sg_source *src = NULL;
    int rc = r->versions ? sg_versions_read_head(&src, r->versions, r->a, path) /* --staged */
                         : sg_run_read(&src, r->a, o ? o->overlay : NULL, path);
    if (rc == SG_ENOTFOUND && sg_versions_staged(r->versions))
        return; /* not staged: not part of the commit */
    if (rc < 0) {
        sg_run_notice(r, "error: %s", sg_error_last());
        return;
    }
    src->kind = kind;
    sg_vec_push(r->a, &r->sources, src);
    r->files++;
    sg_problem_list problems = {0};
    sg_fact_list facts = {0};
    const char *nul = memchr(src->text, '\0', src->len); /* at the NUL, not at 1:1 */
    long bad = nul ? nul - src->text : sg_source_invalid_utf8(src);
    if (bad >= 0) {
        sg_problem_add(&problems, r->a, sg_span_make(src, (uint32_t)bad, (uint32_t)bad + 1),
                       "%s", nul ? sg_arena_printf(r->a, "%s (a NUL byte): not checked",
                                                   sg_source_binary_kind(src))
                                 : "not UTF-8 text (binary or another encoding): not checked");
    } else if (kind == SG_KIND_TS || kind == SG_KIND_JS) {
        const sg_config *c = o ? o->cfg : NULL;
        sg_code_scan(&facts, &problems, r->a, src, c ? c->queries : NULL, c ? c->nqueries : 0);
    } else {
        sg_scripts_scan(&facts, &problems, r->a, src);
    }
    for (size_t k = 0; k < problems.len; k++)
        sg_engine_problem(r->e, &problems.items[k]);
    sg_engine_facts(r->e, facts.items, facts.len);
}

static void check_file(sg_run *r, const sg_opts *o, const char *path, sg_kind kind)
{
    switch (kind) {
    case SG_KIND_PRISMA: {
        if (sg_versions_check_schema(r, r->versions, path, kind))
            return; /* diffed against its base version */
        /* no base version here: only parse problems and the non-diff rules */
        sg_source *src = NULL;
        if (sg_run_read(&src, r->a, o ? o->overlay : NULL, path) < 0) {
            sg_run_notice(r, "error: %s", sg_error_last());
            return;
        }
        src->kind = SG_KIND_PRISMA;
        /* The parse only reports problems here: its tree and model are scratch (findings keep
         * spans into the source and messages in the engine). */
        sg_arena *tmp = sg_arena_new();
        sg_problem_list problems = {0};
        sg_model *m = NULL;
        sg_prisma_parse(&m, &problems, tmp, &src, 1);
        for (size_t k = 0; k < problems.len; k++)
            sg_engine_problem(r->e, &problems.items[k]);
        sg_arena_free(tmp);
        sg_vec_push(r->a, &r->sources, src);
        r->files++;
        break;
    }
    case SG_KIND_TS:
    case SG_KIND_JS:
        check_facts(r, o, path, kind);
        sg_versions_check_schema(r, r->versions, path, kind); /* a Drizzle schema module */
        break;
    case SG_KIND_PACKAGE_JSON:
    case SG_KIND_SHELL:
    case SG_KIND_DOCKERFILE:
    case SG_KIND_CI_YAML:
    case SG_KIND_PROCFILE: check_facts(r, o, path, kind); break;
    default:
        break;
    }
}

static int io_errors(const sg_run *r)
{
    for (size_t i = 0; i < r->notices.len; i++)
        if (strncmp(r->notices.items[i], "error: ", 7) == 0)
            return 1;
    return 0;
}

int sg_run_check(sg_run *r, const sg_opts *o)
{
    sg_path_list files = {0};
    const char *dot = ".";
    const char **paths = o->npaths ? o->paths : &dot;
    size_t npaths = o->npaths ? o->npaths : 1;
    const sg_config *cfg = o->cfg;
    if (!o->npaths && cfg && cfg->nmigrations + cfg->nschemas + cfg->npaths) {
        /* check with no path: the configured migration directories, schema files and paths */
        SG_VEC(const char *) cp = {0};
        for (size_t i = 0; i < cfg->nmigrations; i++)
            sg_vec_push(r->a, &cp, cfg->migrations[i]);
        for (size_t i = 0; i < cfg->nschemas; i++)
            sg_vec_push(r->a, &cp, cfg->schemas[i]);
        for (size_t i = 0; i < cfg->npaths; i++)
            sg_vec_push(r->a, &cp, cfg->paths[i]);
        paths = cp.items;
        npaths = cp.len;
    }
    for (size_t i = 0; i < npaths; i++) {
        /* An editor buffer may not exist on disk yet. */
        if (sg_run_overlaid(o->overlay, paths[i])) {
            sg_vec_push(r->a, &files, sg_arena_strdup(r->a, paths[i]));
            continue;
        }
        size_t first = files.len;
        sg_path_list skipped = {0};
        int rc = sg_walk(&files, &skipped, r->a, paths[i]);
        if (rc < 0)
            return rc;
        for (size_t k = 0; k < skipped.len; k++)
            sg_run_notice(r, "warning: %s", skipped.items[k]);
        /* exclude globs apply to what the walk finds, not to a file named explicitly */
        size_t keep = first;
        for (size_t k = first; k < files.len; k++)
            if (strcmp(files.items[k], paths[i]) == 0 || !sg_config_excluded(cfg, files.items[k]))
                files.items[keep++] = files.items[k];
        files.len = keep;
    }
    int vrc = sg_versions_open(&r->versions, r, o); /* a bad --base fails before any work */
    if (vrc < 0)
        return vrc;
    mset_list sets = {0};
    sg_pathset known = {0};
    for (size_t i = 0; i < files.len; i++) {
        char *p = files.items[i];
        sg_kind kind = sg_source_kind_of(p, NULL, 0);
        if (kind != SG_KIND_SQL) {
            check_file(r, o, p, kind);
            continue;
        }
        if (is_down(base_name(p))) {
            r->down_ignored++;
            continue;
        }
        char *dir = NULL;
        const char *key = NULL;
        bool prisma = prisma_slot(r->a, p, &dir, &key);
        if (!prisma) {
            dir = dir_name(r->a, p);
            key = base_name(p);
        }
        mset *s = find_set(&sets, dir);
        if (!s) {
            s = sg_arena_alloc(r->a, sizeof *s);
            s->dir = dir;
            s->prisma_layout = prisma;
            sg_vec_push(r->a, &sets, s);
        }
        mfile *f = set_file(s, &known, p);
        if (!f) {
            sg_pathset_add(&known, r->a, p);
            f = sg_arena_alloc(r->a, sizeof *f);
            f->path = p;
            f->key = key;
            sg_vec_push(r->a, &s->files, f);
        }
        f->selected = true;
    }
    /* One directory at a time, so memory does not grow with the number of directories. */
    for (size_t i = 0; i < sets.len; i++) {
        mset *s = sets.items[i];
        add_context(r, s, &known);
        sg_qsort(s->files.items, s->files.len, sizeof(mfile *), cmp_mfile);
        lint_set(r, o, s);
    }
    if (r->down_ignored)
        sg_run_notice(r, "%zu down migration(s) (*.down.sql) not checked: they undo, by design",
                      r->down_ignored);
    sg_versions_finish(r, r->versions);
    if (cfg) {
        /* custom pattern rules, over every working-tree file read */
        sg_fact_list facts = {0};
        for (size_t i = 0; i < r->sources.len; i++)
            if (!r->sources.items[i]->rev)
                sg_config_patterns(cfg, &facts, r->a, r->sources.items[i]);
        sg_engine_facts(r->e, facts.items, facts.len);
    }
    return io_errors(r) ? SG_EIO : SG_OK;
}

/* ---- diff ---- */

/* Replays a SQL file, or every migration of a directory in order, into one model. */
static int replay_path(sg_run *r, const sg_opts *o, const char *path, sg_model *m,
                       bool lint_problems)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return sg_error_set(SG_ENOTFOUND, "cannot open '%s': no such file or directory", path);
    SG_VEC(mfile *) files = {0};
    if (S_ISDIR(st.st_mode)) {
        sg_path_list found = {0};
        sg_path_list skipped = {0};
        int rc = sg_walk(&found, &skipped, r->a, path);
        for (size_t k = 0; rc >= 0 && k < skipped.len; k++)
            sg_run_notice(r, "warning: %s", skipped.items[k]);
        if (rc < 0)
            return rc;
        for (size_t i = 0; i < found.len; i++) {
            const char *nm = base_name(found.items[i]);
            if (sg_source_kind_of(nm, NULL, 0) != SG_KIND_SQL || is_down(nm))
                continue;
            mfile *f = sg_arena_alloc(r->a, sizeof *f);
            f->path = found.items[i];
            char *d = NULL;
            const char *key = NULL;
            f->key = prisma_slot(r->a, f->path, &d, &key) ? key : nm;
            sg_vec_push(r->a, &files, f);
        }
        sg_qsort(files.items, files.len, sizeof(mfile *), cmp_mfile);
    } else {
        mfile *f = sg_arena_alloc(r->a, sizeof *f);
        f->path = sg_arena_strdup(r->a, path);
        f->key = base_name(path);
        sg_vec_push(r->a, &files, f);
    }
    parse_all(r, o, files.items, files.len);
    for (size_t i = 0; i < files.len; i++)
        sg_arena_defer(r->a, free_arena, files.items[i]->arena); /* the model refers to it */
    for (size_t i = 0; i < files.len; i++) {
        mfile *f = files.items[i];
        if (f->io_error)
            return sg_error_set(f->io_error, "%s", f->io_message);
        sg_vec_push(r->a, &r->sources, f->src);
        if (lint_problems)
            for (size_t k = 0; k < f->parsed.problems.len; k++)
                sg_engine_problem(r->e, &f->parsed.problems.items[k]);
        for (size_t k = 0; k < f->parsed.changes.len; k++)
            sg_replay_apply(m, f->parsed.changes.items[k]);
        r->files++;
    }
    return SG_OK;
}

/* Reads and parses one version of a Prisma schema (a file or a prismaSchemaFolder) into m.
 * Only the head's sources are linted (suppressions, custom patterns): an ignore comment left in
 * the old version suppresses nothing there. Returns the number of parse problems (reported), or
 * a negative error. */
static int prisma_side(sg_run *r, const sg_opts *o, const char *path, bool head, sg_model **m,
                       sg_source **first)
{
    (void)o; /* `diff` reads both versions from disk; the editor overlay is for `check` */
    sg_prisma_sources srcs = {0};
    int rc = sg_prisma_read(&srcs, r->a, path);
    if (rc < 0)
        return rc;
    sg_problem_list problems = {0};
    sg_prisma_parse(m, &problems, r->a, srcs.items, srcs.len);
    for (size_t k = 0; k < problems.len; k++)
        sg_engine_problem(r->e, &problems.items[k]);
    for (size_t k = 0; k < srcs.len && head; k++)
        sg_vec_push(r->a, &r->sources, srcs.items[k]);
    r->files += srcs.len;
    *first = srcs.len ? srcs.items[0] : NULL;
    return (int)problems.len;
}

/* Reads one version of a Drizzle schema module. Returns its number of parse problems
 * (reported), or a negative error when it cannot be read or is not a Drizzle schema. */
static int drizzle_side(sg_run *r, const sg_opts *o, const char *path, bool head, sg_model **m,
                        sg_source **src)
{
    (void)head;
    int rc = sg_run_read(src, r->a, o ? o->overlay : NULL, path);
    if (rc < 0)
        return rc;
    (*src)->kind = sg_source_kind_of(path, NULL, 0);
    if (!sg_drizzle_is_schema(*src))
        return sg_error_set(SG_EUSAGE, "%s is not a Drizzle schema (no import from "
                            "drizzle-orm/pg-core, mysql-core or sqlite-core)", path);
    sg_problem_list problems = {0};
    sg_drizzle_parse_model(m, &problems, r->a, *src);
    for (size_t k = 0; k < problems.len; k++)
        sg_engine_problem(r->e, &problems.items[k]);
    sg_vec_push(r->a, &r->sources, *src);
    r->files++;
    return (int)problems.len;
}

static void diff_prisma_models(sg_change_list *out, sg_arena *a, const sg_model *old,
                               const sg_model *new_, sg_source *head)
{
    sg_diff_models(out, a, old, new_, SG_IN_PRISMA, head);
}

/* `diff OLD NEW` over two schema files of one kind (Prisma, Drizzle). A version that does not
 * parse is not compared: what did not parse would read as dropped. */
typedef int (*schema_side_fn)(sg_run *r, const sg_opts *o, const char *path, bool head,
                              sg_model **m, sg_source **src);
typedef void (*schema_diff_fn)(sg_change_list *out, sg_arena *a, const sg_model *old,
                               const sg_model *new_, sg_source *head);

static int diff_schemas(sg_run *r, const sg_opts *o, const char *old_path, const char *new_path,
                        schema_side_fn side, schema_diff_fn diff)
{
    sg_model *old = NULL, *new_ = NULL;
    sg_source *old_src = NULL, *head = NULL;
    int bad_old = side(r, o, old_path, false, &old, &old_src);
    if (bad_old < 0)
        return bad_old;
    int bad_new = side(r, o, new_path, true, &new_, &head);
    if (bad_new < 0)
        return bad_new;
    if (bad_old || bad_new) {
        sg_run_notice(r, "the schemas were not compared: %s does not parse",
                      bad_new ? new_path : old_path);
        return SG_OK;
    }
    sg_change_list changes = {0};
    diff(&changes, r->a, old, new_, head);
    sg_engine_changes(r->e, &changes);
    return SG_OK;
}

static bool is_script_kind(const char *path)
{
    sg_kind k = sg_source_kind_of(path, NULL, 0);
    return k == SG_KIND_TS || k == SG_KIND_JS;
}

int sg_run_diff(sg_run *r, const sg_opts *o, const char *old_path, const char *new_path)
{
    if (sg_prisma_is_schema_path(r->a, old_path) && sg_prisma_is_schema_path(r->a, new_path))
        return diff_schemas(r, o, old_path, new_path, prisma_side, diff_prisma_models);
    if (is_script_kind(old_path) && is_script_kind(new_path))
        return diff_schemas(r, o, old_path, new_path, drizzle_side, sg_drizzle_diff);
    sg_model *old = sg_model_make(r->a), *new_ = sg_model_make(r->a);
    int rc = replay_path(r, o, old_path, old, true);
    if (rc < 0)
        return rc;
    size_t first_new = r->sources.len;
    rc = replay_path(r, o, new_path, new_, true);
    if (rc < 0)
        return rc;
    sg_source *head = first_new < r->sources.len ? r->sources.items[first_new] : NULL;
    sg_change_list changes = {0};
    sg_diff_models(&changes, r->a, old, new_, SG_IN_SQL, head);
    sg_engine_changes(r->e, &changes);
    return SG_OK;
}

void sg_run_finish(sg_run *r)
{
    size_t n = r->e->diags.len;
    (void)n;
    for (size_t i = 0; i < r->sources.len; i++)
        sg_suppress_apply(r->e, r->sources.items[i], 0);
    sg_diag_sort(&r->e->diags);
}

int sg_run_exit_status(const sg_run *r, int fail_on)
{
    if (fail_on == SG_LEVEL_OFF)
        return 0;
    for (size_t i = 0; i < r->e->diags.len; i++) {
        const sg_diag *d = r->e->diags.items[i];
        if (!d->suppressed && (int)d->level >= fail_on)
            return 1;
    }
    return 0;
}
