/* Directory walking with a stable, natural order. It reads no file contents. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "source.h"

int sg_walk_natural_cmp(const char *a, const char *b)
{
    /* Paths in one directory share long prefixes: skip the common part first, backing up to
     * the start of a digit run so numbers still compare whole. */
    size_t i = 0;
    while (a[i] && a[i] == b[i])
        i++;
    while (i > 0 && a[i - 1] >= '0' && a[i - 1] <= '9')
        i--;
    a += i;
    b += i;
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            const char *sa = a, *sb = b;
            while (*sa == '0')
                sa++;
            while (*sb == '0')
                sb++;
            const char *ea = sa, *eb = sb;
            while (*ea >= '0' && *ea <= '9')
                ea++;
            while (*eb >= '0' && *eb <= '9')
                eb++;
            if (ea - sa != eb - sb)
                return (ea - sa) < (eb - sb) ? -1 : 1;
            int c = strncmp(sa, sb, (size_t)(ea - sa));
            if (c)
                return c;
            a = ea;
            b = eb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

static int cmp_paths(const void *pa, const void *pb)
{
    return sg_walk_natural_cmp(*(char *const *)pa, *(char *const *)pb);
}

char *sg_walk_join(sg_arena *a, const char *path, const char *name)
{
    if (strcmp(path, ".") == 0)
        return sg_arena_strdup(a, name);
    size_t n = strlen(path), m = strlen(name);
    while (n > 1 && path[n - 1] == '/')
        n--;
    char *p = sg_arena_alloc(a, n + 1 + m + 1);
    memcpy(p, path, n);
    p[n] = '/';
    memcpy(p + n + 1, name, m + 1);
    return p;
}

static bool skip_dir(const char *name)
{
    return strcmp(name, ".git") == 0 || strcmp(name, "node_modules") == 0 ||
           strcmp(name, ".hg") == 0 || strcmp(name, ".svn") == 0;
}

static int walk_dir(sg_path_list *out, sg_path_list *skipped, sg_arena *a, const char *dir,
                    int depth, sg_pathset *seen)
{
    if (depth > 64) {
        if (skipped)
            sg_vec_push(a, skipped,
                        sg_arena_printf(a, "directory '%s' is nested more than 64 levels deep: "
                                           "not checked", dir));
        return SG_OK;
    }
    DIR *d = opendir(dir);
    if (!d) {
        int e = errno;
        if (depth > 0 && skipped)
            sg_vec_push(a, skipped, sg_arena_printf(a, "cannot read directory '%s': %s: not "
                                                       "checked", dir, strerror(e)));
        return sg_error_set(SG_EIO, "cannot read directory '%s': %s", dir, strerror(e));
    }
    /* Each directory once, by device and inode: symlinks back up the tree (or two links to one
     * directory) otherwise branch at every level, 2^64 walks within the depth limit. */
    struct stat dst;
    if (fstat(dirfd(d), &dst) == 0 &&
        !sg_pathset_add(seen, a, sg_arena_printf(a, "%llx:%llx", (unsigned long long)dst.st_dev,
                                                 (unsigned long long)dst.st_ino))) {
        closedir(d);
        return SG_OK;
    }
    sg_path_list subdirs = {0};
    size_t first = out->len;
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *nm = de->d_name;
        if (strcmp(nm, ".") == 0 || strcmp(nm, "..") == 0)
            continue;
        char *p = sg_walk_join(a, dir, nm);
        /* The entry's type comes with it on most file systems; symlinks and the rest are
         * followed with a stat. */
        bool is_dir = de->d_type == DT_DIR, is_reg = de->d_type == DT_REG;
        if (de->d_type != DT_DIR && de->d_type != DT_REG) {
            struct stat st;
            if (stat(p, &st) != 0)
                continue; /* dangling symlink */
            is_dir = S_ISDIR(st.st_mode);
            is_reg = S_ISREG(st.st_mode);
        }
        if (is_dir) {
            if (!skip_dir(nm))
                sg_vec_push(a, &subdirs, p);
        } else if (is_reg && sg_source_kind_of(p, NULL, 0) != SG_KIND_UNKNOWN) {
            sg_vec_push(a, out, p);
        }
    }
    closedir(d);
    if (out->len > first) /* items is NULL while nothing was pushed: no pointer arithmetic */
        sg_qsort(out->items + first, out->len - first, sizeof(char *), cmp_paths);
    sg_qsort(subdirs.items, subdirs.len, sizeof(char *), cmp_paths);
    for (size_t i = 0; i < subdirs.len; i++) {
        int rc = walk_dir(out, skipped, a, subdirs.items[i], depth + 1, seen);
        if (rc < 0 && rc != SG_EIO)
            return rc;
    }
    return SG_OK;
}

int sg_walk(sg_path_list *out, sg_path_list *skipped, sg_arena *a, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return sg_error_set(errno == ENOENT ? SG_ENOTFOUND : SG_EIO, "cannot open '%s': %s", path,
                            strerror(errno));
    char *p = sg_arena_strdup(a, path);
    while (p[0] == '.' && p[1] == '/' && p[2])
        p += 2;
    if (S_ISDIR(st.st_mode)) {
        sg_pathset seen = {0};
        return walk_dir(out, skipped, a, p, 0, &seen);
    }
    sg_vec_push(a, out, p);
    return SG_OK;
}

void sg_walk_dir_files(sg_path_list *out, sg_arena *a, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t first = out->len;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char *p = sg_walk_join(a, dir, de->d_name);
        sg_vec_push(a, out, p);
    }
    closedir(d);
    if (out->len > first) /* items is NULL while nothing was pushed: no pointer arithmetic */
        sg_qsort(out->items + first, out->len - first, sizeof(char *), cmp_paths);
}

static size_t hash_path(const char *p)
{
    return (size_t)sg_hash(SG_HASH_START, p, strlen(p));
}

static void pathset_put(const char **slots, size_t cap, const char *path)
{
    size_t i = hash_path(path) & (cap - 1);
    while (slots[i])
        i = (i + 1) & (cap - 1);
    slots[i] = path;
}

bool sg_pathset_has(const sg_pathset *s, const char *path)
{
    if (!s->cap)
        return false;
    size_t i = hash_path(path) & (s->cap - 1);
    while (s->slots[i]) {
        if (strcmp(s->slots[i], path) == 0)
            return true;
        i = (i + 1) & (s->cap - 1);
    }
    return false;
}

bool sg_pathset_add(sg_pathset *s, sg_arena *a, const char *path)
{
    if (sg_pathset_has(s, path))
        return false;
    if ((s->len + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        const char **slots = sg_arena_alloc(a, cap * sizeof *slots);
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i])
                pathset_put(slots, cap, s->slots[i]);
        s->slots = slots;
        s->cap = cap;
    }
    pathset_put(s->slots, s->cap, path);
    s->len++;
    return true;
}
