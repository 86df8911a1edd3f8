/* Migration directories against their history at a base revision: which migrations were
 * added, edited or deleted (contents compared, CRLF and LF alike), the added ones linted as one
 * change against the state the base history leaves, each edited one against its predecessors,
 * and the migration-history-edited / -removed changes. */
#include "versions_int.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "net.h"
#include "replay.h"

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
    uint32_t diff_line;   /* first differing line, 0 when the contents are the same */
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

/* The nearest migration to entry i, after it first, then before it; only added ones when
 * only_added. NULL when there is none. */
static sg_source *nearest(sg_run *r, sg_versions *v, entry *es, size_t n, size_t i,
                          bool only_added)
{
    sg_source *src = NULL;
    for (size_t k = i + 1; k < n && !src; k++)
        if (!only_added || es[k].state == M_ADDED)
            src = head_source(r, v, es[k].head);
    for (size_t k = i; k-- > 0 && !src;)
        if (!only_added || es[k].state == M_ADDED)
            src = head_source(r, v, es[k].head);
    return src;
}

/* Where a deleted migration is reported (it has no line of its own): the nearest migration the
 * change adds (a squash adds its replacement; an ignore comment there leaves the applied
 * history alone, while one in an applied migration would itself be an edit), else the one
 * that now follows it, else the one before it. */
static sg_source *report_place(sg_run *r, sg_versions *v, entry *es, size_t n, size_t i)
{
    sg_source *src = nearest(r, v, es, n, i, true);
    return src ? src : nearest(r, v, es, n, i, false);
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
            sg_source *at = report_place(r, v, es, n, i);
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
        e->diff_line = first_difference(e->base->text, e->base->len, f->src->text, f->src->len);
        if (e->diff_line && f->selected)
            e->state = M_EDITED; /* an edit of a migration not asked about is context only */
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
        if (!e->diff_line && e->head && e->head->src) {
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
        sg_qsort(es.items, es.len, sizeof(entry), cmp_entry);
    lint_edited(r, es.items, es.len); /* first: the added ones replay these again */
    lint_added(r, es.items, es.len);
    report_history(r, v, es.items, es.len);
    return true;
}
