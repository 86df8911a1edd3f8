/* File versions through libgit2 (never a `git` subprocess): the repository holding a path, a
 * revision expression resolved to a tree, or the index; blobs read at such a version, directory
 * listings, whether a path is tracked; paths mapped between the working directory and the
 * repository. This is the only module that includes git2.h; git objects are freed with the
 * arena they were opened in. */
#ifndef SG_GIT_H
#define SG_GIT_H

#include <stdbool.h>

#include "arena.h"
#include "source.h"
#include "walk.h"

typedef struct sg_git sg_git;         /* an open repository with a work tree */
typedef struct sg_git_rev sg_git_rev; /* a tree at a revision, or the index */

/** Keeps libgit2 initialised until the matching sg_git_release. A long-lived process (the LSP
 * server) holds it so that each run's open/close does not re-initialise the library (with
 * Debian's mbedTLS build that re-parses the system CA bundle, milliseconds every time). */
void sg_git_hold(void);
void sg_git_release(void);

/** Opens the repository whose work tree contains path (a file or directory, searched upward).
 * The repository is closed when a is freed. Returns SG_OK; SG_ENOTFOUND with "not a git
 * repository" when there is none; SG_EGIT for a bare repository or a libgit2 failure. */
int sg_git_open(sg_git **out, sg_arena *a, const char *path);

/** The work tree root: absolute, symlinks resolved, no trailing slash. */
const char *sg_git_workdir(const sg_git *g);

/** The repository-relative path ("prisma/schema.prisma", "" for the root) of path, given
 * relative to the working directory or absolute; path need not exist (its parent must).
 * Returns SG_OK, or SG_ENOTFOUND when it is outside the work tree. */
int sg_git_relpath(char **out, sg_git *g, sg_arena *a, const char *path);

/** The path relative to the working directory of a repository-relative path ("../x.sql" when
 * the working directory is below it); the reverse of sg_git_relpath. */
char *sg_git_display_path(sg_git *g, sg_arena *a, const char *relpath);

/** Resolves a revision expression (`HEAD`, `HEAD~1`, `origin/main`, a sha, any git_revparse
 * syntax) to its tree. `HEAD` of a repository with no commit yet is an empty tree. Returns
 * SG_OK, or SG_ENOTFOUND with "unknown revision 'x'" (SG_EGIT for other failures). */
int sg_git_resolve(sg_git_rev **out, sg_git *g, const char *rev);

/** The index (staging area) as a version; its label is "INDEX". */
int sg_git_index(sg_git_rev **out, sg_git *g);

/** The label sources read at v carry in their `rev`: the expression as given, or "INDEX". */
const char *sg_git_rev_label(const sg_git_rev *v);

/** Reads the blob at relpath in version v into a source in arena a, with `path` = shown and
 * `rev` = the version's label, kind from the name. Returns SG_OK; SG_ENOTFOUND (message set)
 * when v holds no regular file there; SG_EGIT on a libgit2 failure. */
int sg_git_read(sg_source **out, sg_arena *a, sg_git_rev *v, const char *relpath,
                const char *shown);

/** Appends to out the repository-relative paths of the regular files below reldir ("" for the
 * whole tree) in version v, at any depth, sorted naturally. A missing directory adds nothing.
 * Returns SG_OK or SG_EGIT. */
int sg_git_list(sg_path_list *out, sg_arena *a, sg_git_rev *v, const char *reldir);

/** True when v holds a regular file at relpath. */
bool sg_git_has(sg_git_rev *v, const char *relpath);

/** Tracked: git knows the file (it is in the index), whether or not it was committed. */
bool sg_git_tracked(sg_git *g, const char *relpath);

#endif
