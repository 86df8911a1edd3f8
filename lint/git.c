/* libgit2 behind a small interface (see git.h): opening the repository, resolving revisions,
 * reading blobs from a tree or the index, listing directories, mapping paths. libgit2 errors
 * are translated here, once, into sg_error_set messages. Not thread-safe: one thread reads. */
#include "git.h"

#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

/* libgit2 is loaded on first use, not at program start: with its transports (OpenSSL, mbedTLS,
 * libssh2, Kerberos) it costs ~2.5 ms of dynamic linking on every run, five times the whole
 * start-up budget of a pre-commit hook that only lints SQL. The headers come from the build
 * (meson's dependency('libgit2')); SG_LIBGIT2_SONAME names the library they describe. */
#include <dlfcn.h>

#define SG_GIT_FUNCTIONS(X)                                                                        \
    X(git_blob_free) X(git_blob_lookup) X(git_blob_rawcontent) X(git_blob_rawsize)                 \
    X(git_error_last) X(git_index_entrycount) X(git_index_free) X(git_index_get_byindex)           \
    X(git_index_get_bypath) X(git_index_open) X(git_libgit2_init) X(git_libgit2_opts)              \
    X(git_libgit2_shutdown) X(git_object_free) X(git_object_peel) X(git_oid_cpy)                   \
    X(git_repository_free) X(git_repository_head_unborn) X(git_repository_index)                   \
    X(git_repository_open_ext) X(git_repository_path) X(git_repository_workdir)                    \
    X(git_revparse_single) X(git_tree_entry_bypath) X(git_tree_entry_filemode)                     \
    X(git_tree_entry_free) X(git_tree_entry_id) X(git_tree_entry_name) X(git_tree_entry_type)      \
    X(git_tree_free) X(git_tree_lookup) X(git_tree_walk)

#define SG_GIT_FIELD(f) __typeof__(&f) f;
static struct {
    SG_GIT_FUNCTIONS(SG_GIT_FIELD)
} lib;
#undef SG_GIT_FIELD
static int lib_state; /* 0 not tried, 1 loaded, -1 failed */
static char lib_why[256];

static bool lib_load(void)
{
    if (lib_state)
        return lib_state > 0;
    void *h = dlopen(SG_LIBGIT2_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        h = dlopen("libgit2.so", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(lib_why, sizeof lib_why, "%s", e ? e : SG_LIBGIT2_SONAME " not found");
        lib_state = -1;
        return false;
    }
#define SG_GIT_LOAD(f)                                                                             \
    *(void **)&lib.f = dlsym(h, #f);                                                               \
    if (!lib.f) {                                                                                  \
        snprintf(lib_why, sizeof lib_why, "%s has no %s", SG_LIBGIT2_SONAME, #f);                 \
        lib_state = -1;                                                                            \
        return false;                                                                              \
    }
    SG_GIT_FUNCTIONS(SG_GIT_LOAD)
#undef SG_GIT_LOAD
    lib_state = 1;
    return true;
}

/* From here on, git_x(...) calls go through the loaded table. */
#define SG_GIT_ROUTE(f) lib.f
#define git_blob_free SG_GIT_ROUTE(git_blob_free)
#define git_blob_lookup SG_GIT_ROUTE(git_blob_lookup)
#define git_blob_rawcontent SG_GIT_ROUTE(git_blob_rawcontent)
#define git_blob_rawsize SG_GIT_ROUTE(git_blob_rawsize)
#define git_error_last SG_GIT_ROUTE(git_error_last)
#define git_index_entrycount SG_GIT_ROUTE(git_index_entrycount)
#define git_index_free SG_GIT_ROUTE(git_index_free)
#define git_index_get_byindex SG_GIT_ROUTE(git_index_get_byindex)
#define git_index_get_bypath SG_GIT_ROUTE(git_index_get_bypath)
#define git_index_open SG_GIT_ROUTE(git_index_open)
#define git_libgit2_init SG_GIT_ROUTE(git_libgit2_init)
#define git_libgit2_opts SG_GIT_ROUTE(git_libgit2_opts)
#define git_libgit2_shutdown SG_GIT_ROUTE(git_libgit2_shutdown)
#define git_object_free SG_GIT_ROUTE(git_object_free)
#define git_object_peel SG_GIT_ROUTE(git_object_peel)
#define git_oid_cpy SG_GIT_ROUTE(git_oid_cpy)
#define git_repository_free SG_GIT_ROUTE(git_repository_free)
#define git_repository_head_unborn SG_GIT_ROUTE(git_repository_head_unborn)
#define git_repository_index SG_GIT_ROUTE(git_repository_index)
#define git_repository_open_ext SG_GIT_ROUTE(git_repository_open_ext)
#define git_repository_path SG_GIT_ROUTE(git_repository_path)
#define git_repository_workdir SG_GIT_ROUTE(git_repository_workdir)
#define git_revparse_single SG_GIT_ROUTE(git_revparse_single)
#define git_tree_entry_bypath SG_GIT_ROUTE(git_tree_entry_bypath)
#define git_tree_entry_filemode SG_GIT_ROUTE(git_tree_entry_filemode)
#define git_tree_entry_free SG_GIT_ROUTE(git_tree_entry_free)
#define git_tree_entry_id SG_GIT_ROUTE(git_tree_entry_id)
#define git_tree_entry_name SG_GIT_ROUTE(git_tree_entry_name)
#define git_tree_entry_type SG_GIT_ROUTE(git_tree_entry_type)
#define git_tree_free SG_GIT_ROUTE(git_tree_free)
#define git_tree_lookup SG_GIT_ROUTE(git_tree_lookup)
#define git_tree_walk SG_GIT_ROUTE(git_tree_walk)

struct sg_git {
    sg_arena *a;
    git_repository *repo;
    git_index *index; /* opened on first use */
    char *workdir;    /* realpath, no trailing slash */
    char *cwd;        /* realpath of the working directory */
};

struct sg_git_rev {
    sg_git *g;
    const char *label;
    git_tree *tree; /* NULL with !is_index: an empty tree (HEAD before the first commit) */
    bool is_index;
};

/* The one place libgit2's last error becomes our message. */
static int git_fail(int code, const char *what)
{
    const git_error *e = git_error_last();
    return sg_error_set(code, "%s: %s", what, e && e->message ? e->message : "libgit2 failed");
}

static void shutdown_lib(void *p)
{
    (void)p;
    git_libgit2_shutdown();
}

static void free_repo(void *p)
{
    git_repository_free(p);
}

static void free_index(void *p)
{
    git_index_free(p);
}

static void free_tree(void *p)
{
    git_tree_free(p);
}

/* realpath into the arena; NULL when the path does not resolve. */
static char *real(sg_arena *a, const char *path)
{
    char buf[PATH_MAX];
    if (!realpath(path, buf))
        return NULL;
    return sg_arena_strdup(a, buf);
}

static char *parent_of(sg_arena *a, const char *path)
{
    const char *s = strrchr(path, '/');
    if (!s)
        return sg_arena_strdup(a, ".");
    if (s == path)
        return sg_arena_strdup(a, "/");
    return sg_arena_strndup(a, path, (size_t)(s - path));
}

void sg_git_hold(void)
{
    if (lib_load())
        git_libgit2_init();
}

void sg_git_release(void)
{
    if (lib_state > 0)
        git_libgit2_shutdown();
}

int sg_git_open(sg_git **out, sg_arena *a, const char *path)
{
    struct stat st;
    const char *start = path;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        start = parent_of(a, path);
    if (!lib_load())
        return sg_error_set(SG_EGIT, "cannot load libgit2: %s", lib_why);
    git_libgit2_init();
    sg_arena_defer(a, shutdown_lib, NULL);
    /* Every blob read walks its path from the root tree; a migrations directory of a thousand
     * entries is a tree far over libgit2's default 4 KiB cache limit, and would be inflated
     * again for each file. */
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)4 << 20);
    git_repository *repo = NULL;
    int rc = git_repository_open_ext(&repo, start, 0, NULL);
    if (rc == GIT_ENOTFOUND)
        return sg_error_set(SG_ENOTFOUND, "not a git repository (or any parent directory): '%s'",
                            path);
    if (rc < 0)
        return git_fail(SG_EGIT, "cannot open the git repository");
    sg_arena_defer(a, free_repo, repo);
    const char *wd = git_repository_workdir(repo);
    if (!wd)
        return sg_error_set(SG_EGIT, "the git repository at '%s' is bare: there is no work tree",
                            git_repository_path(repo));
    sg_git *g = sg_arena_alloc(a, sizeof *g);
    g->a = a;
    g->repo = repo;
    g->workdir = real(a, wd);
    g->cwd = real(a, ".");
    if (!g->workdir || !g->cwd)
        return sg_error_set(SG_EIO, "cannot resolve the work tree '%s' or the working directory",
                            wd);
    *out = g;
    return SG_OK;
}

const char *sg_git_workdir(const sg_git *g)
{
    return g->workdir;
}

/* The absolute, symlink-free spelling of path; a path that does not exist is resolved through
 * its parent, so a deleted file still maps. */
static char *absolute(sg_arena *a, const char *path)
{
    char *r = real(a, path);
    if (r)
        return r;
    const char *name = strrchr(path, '/');
    name = name ? name + 1 : path;
    char *dir = real(a, parent_of(a, path));
    if (!dir || !*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return NULL;
    return sg_arena_printf(a, "%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", name);
}

int sg_git_relpath(char **out, sg_git *g, sg_arena *a, const char *path)
{
    char *abs = absolute(a, path);
    if (!abs)
        return sg_error_set(SG_ENOTFOUND, "cannot resolve '%s'", path);
    size_t n = strlen(g->workdir);
    if (strcmp(abs, g->workdir) == 0) {
        *out = sg_arena_strdup(a, "");
        return SG_OK;
    }
    if (strncmp(abs, g->workdir, n) != 0 || abs[n] != '/')
        return sg_error_set(SG_ENOTFOUND, "'%s' is outside the git work tree '%s'", path,
                            g->workdir);
    *out = sg_arena_strdup(a, abs + n + 1);
    return SG_OK;
}

char *sg_git_display_path(sg_git *g, sg_arena *a, const char *relpath)
{
    const char *to = *relpath ? sg_arena_printf(a, "%s/%s", g->workdir, relpath) : g->workdir;
    const char *from = g->cwd;
    /* Longest common prefix ending at a component boundary. */
    size_t common = 0;
    for (size_t i = 0;; i++) {
        bool fe = from[i] == '\0', te = to[i] == '\0';
        if ((fe || from[i] == '/') && (te || to[i] == '/'))
            common = i;
        if (fe || te || from[i] != to[i])
            break;
    }
    if (strcmp(from, "/") == 0)
        common = 0;
    size_t ups = 0;
    for (const char *p = from + common; *p; p++)
        if (*p == '/')
            ups++;
    const char *rest = to + common;
    while (*rest == '/')
        rest++;
    size_t len = ups * 3 + strlen(rest) + 2;
    char *buf = sg_arena_alloc(a, len);
    size_t k = 0;
    for (size_t i = 0; i < ups; i++) {
        memcpy(buf + k, "../", 3);
        k += 3;
    }
    memcpy(buf + k, rest, strlen(rest) + 1);
    k += strlen(rest);
    if (k == 0)
        return sg_arena_strdup(a, ".");
    if (buf[k - 1] == '/')
        buf[k - 1] = '\0';
    return buf;
}

static sg_git_rev *make_rev(sg_git *g, const char *label)
{
    sg_git_rev *v = sg_arena_alloc(g->a, sizeof *v);
    v->g = g;
    v->label = sg_arena_strdup(g->a, label);
    return v;
}

int sg_git_resolve(sg_git_rev **out, sg_git *g, const char *rev)
{
    git_object *obj = NULL, *tree = NULL;
    int rc = git_revparse_single(&obj, g->repo, rev);
    if (rc < 0 && strcmp(rev, "HEAD") == 0 && git_repository_head_unborn(g->repo) == 1) {
        /* No commit yet: everything in the work tree or the index is new. */
        *out = make_rev(g, rev);
        return SG_OK;
    }
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC || rc == GIT_EAMBIGUOUS) {
        const git_error *e = git_error_last();
        return sg_error_set(SG_ENOTFOUND, "unknown revision '%s' in the repository at '%s'%s%s",
                            rev, g->workdir, e && e->message ? ": " : "",
                            e && e->message ? e->message : "");
    }
    if (rc < 0)
        return git_fail(SG_EGIT, sg_arena_printf(g->a, "cannot resolve revision '%s'", rev));
    rc = git_object_peel(&tree, obj, GIT_OBJECT_TREE);
    git_object_free(obj);
    if (rc < 0)
        return sg_error_set(SG_ENOTFOUND, "revision '%s' is not a commit or a tree", rev);
    sg_git_rev *v = make_rev(g, rev);
    v->tree = (git_tree *)tree;
    sg_arena_defer(g->a, free_tree, tree);
    *out = v;
    return SG_OK;
}

/* The index file git names in $GIT_INDEX_FILE when it is this repository's: a hook run by
 * `git commit -a` or `git commit <paths>` sees the commit's content in a temporary index, not
 * in .git/index. NULL when git set none (or set it for another repository). */
static const char *env_index(sg_git *g)
{
    const char *file = getenv("GIT_INDEX_FILE");
    if (!file || !*file)
        return NULL;
    const char *dir = getenv("GIT_DIR");
    if (dir && *dir) {
        char *mine = real(g->a, git_repository_path(g->repo));
        char *theirs = real(g->a, dir);
        if (!mine || !theirs || strcmp(mine, theirs) != 0)
            return NULL;
    }
    return file;
}

static int open_index(sg_git *g)
{
    if (g->index)
        return SG_OK;
    const char *file = env_index(g);
    int rc = file ? git_index_open(&g->index, file) : git_repository_index(&g->index, g->repo);
    if (rc < 0)
        return git_fail(SG_EGIT, file ? sg_arena_printf(g->a, "cannot read the git index '%s' "
                                                        "($GIT_INDEX_FILE)", file)
                                      : "cannot read the git index");
    sg_arena_defer(g->a, free_index, g->index);
    return SG_OK;
}

int sg_git_index(sg_git_rev **out, sg_git *g)
{
    int rc = open_index(g);
    if (rc < 0)
        return rc;
    sg_git_rev *v = make_rev(g, "INDEX");
    v->is_index = true;
    *out = v;
    return SG_OK;
}

const char *sg_git_rev_label(const sg_git_rev *v)
{
    return v->label;
}

static bool regular(unsigned mode)
{
    return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/* The blob id at relpath in v; false when v has no regular file there. */
static bool blob_id(git_oid *out, sg_git_rev *v, const char *relpath)
{
    if (v->is_index) {
        const git_index_entry *e = git_index_get_bypath(v->g->index, relpath, 0);
        if (!e || !regular(e->mode))
            return false;
        git_oid_cpy(out, &e->id);
        return true;
    }
    if (!v->tree || !*relpath)
        return false;
    git_tree_entry *e = NULL;
    if (git_tree_entry_bypath(&e, v->tree, relpath) < 0)
        return false;
    bool ok = regular((unsigned)git_tree_entry_filemode(e));
    if (ok)
        git_oid_cpy(out, git_tree_entry_id(e));
    git_tree_entry_free(e);
    return ok;
}

bool sg_git_has(sg_git_rev *v, const char *relpath)
{
    git_oid id;
    return blob_id(&id, v, relpath);
}

int sg_git_read(sg_source **out, sg_arena *a, sg_git_rev *v, const char *relpath,
                const char *shown)
{
    git_oid id;
    if (!blob_id(&id, v, relpath))
        return sg_error_set(SG_ENOTFOUND, "'%s' is not in %s", shown,
                            v->is_index ? "the git index" : v->label);
    git_blob *blob = NULL;
    if (git_blob_lookup(&blob, v->g->repo, &id) < 0)
        return git_fail(SG_EGIT, sg_arena_printf(a, "cannot read '%s' at %s", shown, v->label));
    const char *text = git_blob_rawcontent(blob);
    size_t len = (size_t)git_blob_rawsize(blob);
    sg_source *s = sg_source_make(a, shown, v->label, text ? text : "", len, SG_KIND_UNKNOWN);
    git_blob_free(blob);
    s->kind = sg_source_kind_of(shown, s->text, s->len);
    *out = s;
    return SG_OK;
}

typedef struct walk_ctx {
    sg_path_list *out;
    sg_arena *a;
    const char *prefix; /* reldir + "/", or "" */
} walk_ctx;

static int on_entry(const char *root, const git_tree_entry *e, void *payload)
{
    walk_ctx *w = payload;
    if (git_tree_entry_type(e) == GIT_OBJECT_BLOB && regular((unsigned)git_tree_entry_filemode(e)))
        sg_vec_push(w->a, w->out,
                    sg_arena_printf(w->a, "%s%s%s", w->prefix, root, git_tree_entry_name(e)));
    return 0;
}

static int cmp_paths(const void *pa, const void *pb)
{
    return sg_walk_natural_cmp(*(char *const *)pa, *(char *const *)pb);
}

int sg_git_list(sg_path_list *out, sg_arena *a, sg_git_rev *v, const char *reldir)
{
    size_t first = out->len;
    const char *prefix = *reldir ? sg_arena_printf(a, "%s/", reldir) : "";
    if (v->is_index) {
        size_t n = git_index_entrycount(v->g->index), plen = strlen(prefix);
        for (size_t i = 0; i < n; i++) {
            const git_index_entry *e = git_index_get_byindex(v->g->index, i);
            if (e && GIT_INDEX_ENTRY_STAGE(e) == 0 && regular(e->mode) &&
                strncmp(e->path, prefix, plen) == 0)
                sg_vec_push(a, out, sg_arena_strdup(a, e->path));
        }
    } else if (v->tree) {
        git_tree *sub = v->tree;
        git_tree_entry *te = NULL;
        if (*reldir) {
            if (git_tree_entry_bypath(&te, v->tree, reldir) < 0)
                return SG_OK;
            if (git_tree_entry_type(te) != GIT_OBJECT_TREE) {
                git_tree_entry_free(te);
                return SG_OK;
            }
            int rc = git_tree_lookup(&sub, v->g->repo, git_tree_entry_id(te));
            git_tree_entry_free(te);
            if (rc < 0)
                return git_fail(SG_EGIT, sg_arena_printf(a, "cannot read '%s' at %s", reldir,
                                                         v->label));
        }
        walk_ctx w = {out, a, prefix};
        int rc = git_tree_walk(sub, GIT_TREEWALK_PRE, on_entry, &w);
        if (sub != v->tree)
            git_tree_free(sub);
        if (rc < 0)
            return git_fail(SG_EGIT, sg_arena_printf(a, "cannot list '%s' at %s", reldir,
                                                     v->label));
    }
    if (out->len > first) /* items is NULL while the list is empty */
        sg_qsort(out->items + first, out->len - first, sizeof(char *), cmp_paths);
    return SG_OK;
}

bool sg_git_tracked(sg_git *g, const char *relpath)
{
    if (open_index(g) < 0)
        return false;
    return *relpath && git_index_get_bypath(g->index, relpath, 0) != NULL;
}
