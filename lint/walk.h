/* Walking the paths given on the command line: regular files of a known kind, in a stable
 * order, skipping .git and node_modules. */
#ifndef SG_WALK_H
#define SG_WALK_H

#include <stdbool.h>

#include "arena.h"
#include "vec.h"

typedef SG_VEC(char *) sg_path_list;

/** Appends the files under path (or path itself) to out, sorted. A path that does not exist is
 * SG_ENOTFOUND with the message set; an unreadable directory is SG_EIO. Files given explicitly
 * are kept whatever their kind; files found in directories only when their kind is known. A
 * directory inside path that cannot be read, or is nested too deep, is skipped with a one-line
 * message appended to skipped (when not NULL): never silently. */
int sg_walk(sg_path_list *out, sg_path_list *skipped, sg_arena *a, const char *path);
/** The paths directly inside dir (files only), sorted naturally; empty on error. */
void sg_walk_dir_files(sg_path_list *out, sg_arena *a, const char *dir);
/** Natural order: digit runs compare as numbers, so 2_x.sql sorts before 10_x.sql. */
int sg_walk_natural_cmp(const char *a, const char *b);
/** path joined with name, without doubling the slash and without a leading "./". */
char *sg_walk_join(sg_arena *a, const char *path, const char *name);

/* A set of paths (open addressing, in an arena): membership in O(1) where migration
 * directories of a thousand files would make a linear search quadratic. */
typedef struct sg_pathset {
    const char **slots;
    size_t cap, len;
    sg_arena *a;
} sg_pathset;

/** Adds path (not copied: it must outlive the set); returns false if it was already there. */
bool sg_pathset_add(sg_pathset *s, sg_arena *a, const char *path);
bool sg_pathset_has(const sg_pathset *s, const char *path);

#endif
