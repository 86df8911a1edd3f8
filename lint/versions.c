/* Versions (see versions.h): opening the repository and resolving the base for --base and
 * --staged, head reads (the index with --staged), and the run's one-line notices. Migration
 * directories are compared in versions_history.c, schema files in versions_schema.c; all git
 * access goes through git.c. */
#include "versions_int.h"

#include <string.h>

#include "error.h"

/* ---- opening ---- */

static void destroy_lock(void *p)
{
    pthread_mutex_destroy(p);
}

int sg_versions__open_git(sg_versions *v, sg_arena *a)
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
    int rc = sg_versions__open_git(v, r->a);
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

bool sg_versions_staged(const sg_versions *v)
{
    return v && v->head_index;
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
