/* Versions: which version of each file is the head (the working tree, or the index with
 * --staged) and which is the base (--base REV, HEAD with --staged, HEAD for a tracked schema
 * file by default), read through git.c. run.c asks this module to lint a migration directory
 * against its base history and to diff a schema file against its base version; everything that
 * depends on git lives here. See DESIGN.md, "Versions and the effective diff". */
#ifndef SG_VERSIONS_H
#define SG_VERSIONS_H

#include <stdbool.h>

#include "fe.h"
#include "run.h"

/* One migration file of a directory, as run.c collects and parses it (head version). */
typedef struct sg_migfile {
    char *path;
    const char *key;     /* order key: the file name, or Prisma's migration directory name */
    bool selected;       /* linted (given on the command line or found in a given directory) */
    sg_source *src;
    sg_sql_file parsed;
    sg_arena *arena;
    int io_error;
    const char *io_message;
} sg_migfile;

/* A migration directory: its files sorted by key. */
typedef struct sg_migset {
    char *dir;
    bool prisma_layout;
    SG_VEC(sg_migfile *) files;
} sg_migset;

typedef struct sg_versions sg_versions;

/** Prepares the versions of a check run from the options: with --base or --staged the
 * repository holding the first path is opened and the base revision resolved now, so a wrong
 * revision or a missing repository fails the run (SG_ENOTFOUND / SG_EGIT, message set); with
 * neither, the repository is looked up lazily and its absence is only a notice. */
int sg_versions_open(sg_versions **out, sg_run *r, const sg_opts *o);

/** True when migration directories are compared with a base history (--base or --staged). */
bool sg_versions_has_base(const sg_versions *v);

/** True with --staged: head versions are the staged blobs, and a file that is not in the index
 * is not part of the commit (sg_versions_read_head says SG_ENOTFOUND). */
bool sg_versions_staged(const sg_versions *v);

/** Reads the head version of a working-tree path: the staged blob with --staged (SG_ENOTFOUND
 * when the file is not in the index), else the file (or its editor overlay). Thread-safe. */
int sg_versions_read_head(sg_source **out, sg_versions *v, sg_arena *a, const char *path);

/** Lints a migration directory against the base history. Only migrations added or edited since
 * the base are linted: the added ones together as ONE change (their net effect) against the
 * state every base migration leaves (in its base version, deleted ones included); each edited
 * one as its own change against the state the migrations before it leave. Edited and deleted
 * base migrations become migration-history-edited / -removed changes (contents compared, CRLF
 * and LF alike; a deleted one is reported at line 1 of the nearest added migration, else of the
 * one that now follows it, else of the one before it). Returns false when the directory cannot be compared (no base, outside
 * the repository: a notice is left) and run.c should lint it the plain way. */
bool sg_versions_lint_set(sg_run *r, sg_versions *v, sg_migset *s);

/** Diffs a schema file (a kind with a registered frontend: Prisma) against its base version
 * and runs the rules on the changes. Returns false for kinds with no schema frontend. */
bool sg_versions_check_schema(sg_run *r, sg_versions *v, const char *path, sg_kind kind);
/** The language server keeps the last base schema's model between runs (on), and frees it at
 *  the end of the session (off). */
void sg_versions_keep_base(bool on);

/** Leaves the run's one-line notices (untracked schema files, no repository). */
void sg_versions_finish(sg_run *r, sg_versions *v);

#endif
