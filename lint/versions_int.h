/* Internals shared by versions.c (opening, head reads, notices), versions_history.c (migration
 * directories against a base history) and versions_schema.c (schema files against their base
 * version). Not for other modules: they use versions.h. */
#ifndef SG_VERSIONS_INT_H
#define SG_VERSIONS_INT_H

#include <pthread.h>

#include "git.h"
#include "versions.h"

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

/** Opens the repository holding v->start once; later calls return the first outcome. */
int sg_versions__open_git(sg_versions *v, sg_arena *a);

#endif
