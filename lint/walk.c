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
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    return sg_arena_printf(a, "%.*s/%s", (int)n, path, name);
}

static bool skip_dir(const char *name)
{
    return strcmp(name, ".git") == 0 || strcmp(name, "node_modules") == 0 ||
           strcmp(name, ".hg") == 0 || strcmp(name, ".svn") == 0;
}

static int walk_dir(sg_path_list *out, sg_arena *a, const char *dir, int depth)
{
    if (depth > 64)
        return SG_OK; /* symlink loops and absurd nesting */
    DIR *d = opendir(dir);
    if (!d)
        return sg_error_set(SG_EIO, "cannot read directory '%s': %s", dir, strerror(errno));
    sg_path_list subdirs = {0};
    size_t first = out->len;
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *nm = de->d_name;
        if (strcmp(nm, ".") == 0 || strcmp(nm, "..") == 0)
            continue;
        char *p = sg_walk_join(a, dir, nm);
        struct stat st;
        if (stat(p, &st) != 0)
            continue; /* dangling symlink */
        if (S_ISDIR(st.st_mode)) {
            if (!skip_dir(nm))
                sg_vec_push(a, &subdirs, p);
        } else if (S_ISREG(st.st_mode) && sg_source_kind_of(p, NULL, 0) != SG_KIND_UNKNOWN) {
            sg_vec_push(a, out, p);
        }
    }
    closedir(d);
    qsort(out->items + first, out->len - first, sizeof(char *), cmp_paths);
    qsort(subdirs.items, subdirs.len, sizeof(char *), cmp_paths);
    for (size_t i = 0; i < subdirs.len; i++) {
        int rc = walk_dir(out, a, subdirs.items[i], depth + 1);
        if (rc < 0 && rc != SG_EIO)
            return rc;
    }
    return SG_OK;
}

int sg_walk(sg_path_list *out, sg_arena *a, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return sg_error_set(errno == ENOENT ? SG_ENOTFOUND : SG_EIO, "cannot open '%s': %s", path,
                            strerror(errno));
    char *p = sg_arena_strdup(a, path);
    while (p[0] == '.' && p[1] == '/' && p[2])
        p += 2;
    if (S_ISDIR(st.st_mode))
        return walk_dir(out, a, p, 0);
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
    qsort(out->items + first, out->len - first, sizeof(char *), cmp_paths);
}
