/* A run of the command-line pipeline: options in, findings out. The CLI (main.c) parses argv
 * into sg_opts and hands the result to a reporter; the LSP builds its own runs per document. */
#ifndef SG_RUN_H
#define SG_RUN_H

#include <stdbool.h>

#include "engine.h"
#include "walk.h"

typedef enum sg_format {
    SG_FORMAT_TEXT,
    SG_FORMAT_JSON,
    SG_FORMAT_SARIF,
    SG_FORMAT_GITHUB,
    SG_FORMAT_GITLAB
} sg_format;

/* Editor buffers that take precedence over the files on disk (the LSP's open documents).
 * Every read of a working-tree file in the pipeline goes through sg_run_read, so a run sees
 * the buffers. lookup returns the text (len bytes) for a path as the run names it, or NULL to
 * read the disk; it is called from worker threads and must not modify anything. */
typedef struct sg_overlay {
    const char *(*lookup)(void *ctx, const char *path, size_t *len);
    void *ctx;
} sg_overlay;

typedef struct sg_opts {
    const char **paths;
    size_t npaths;
    const char *base;          /* --base REV */
    bool staged;               /* --staged */
    sg_format format;
    const char *output;        /* --output FILE or NULL for stdout */
    int fail_on;               /* sg_level; SG_LEVEL_OFF = never */
    const char *config;        /* --config FILE */
    sg_level_override *rules;  /* --rule ID=LEVEL, in order */
    size_t nrules;
    bool show_suppressed;
    bool color;
    int jobs;                  /* worker threads for parsing; 0 = number of cores (max 8) */
    const sg_overlay *overlay; /* editor buffers over the working tree, or NULL */
    const struct sg_config *cfg; /* .schemaguard.yml as loaded (config.h), or NULL */
} sg_opts;

typedef struct sg_run {
    sg_arena *a;
    sg_engine *e;
    SG_VEC(sg_source *) sources;  /* every source read, in order */
    size_t files;                 /* files checked */
    size_t statements;            /* SQL statements seen */
    size_t down_ignored;          /* *.down.sql files not replayed */
    SG_VEC(const char *) notices; /* one-line remarks for the text summary (not findings) */
    struct sg_versions *versions; /* base and head versions of a check (versions.c), or NULL */
    struct sg_pool *pool;         /* parsing threads, started on first need (run.c) */
    sg_arena *worker_sources[8];  /* per parsing worker: the sources it read, kept to the end */
} sg_run;

/** Prepares a run in arena a (levels from options). */
sg_run *sg_run_make(sg_arena *a, const sg_opts *o);
/** `check PATH...`. Returns SG_OK or a negative error with the message set. */
int sg_run_check(sg_run *r, const sg_opts *o);
/** `diff OLD NEW` over two SQL files or directories (or two schema files). */
int sg_run_diff(sg_run *r, const sg_opts *o, const char *old_path, const char *new_path);
/** Applies suppressions over every source and sorts the findings. */
void sg_run_finish(sg_run *r);
/** The exit status for the findings: 1 when one not suppressed is at or above fail_on. */
int sg_run_exit_status(const sg_run *r, int fail_on);
void sg_run_notice(sg_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Reads a working-tree file as sg_source_read does, but an overlay buffer for the path wins.
 * Use it for every working-tree read in the pipeline (the LSP relies on it). Thread-safe. */
int sg_run_read(sg_source **out, sg_arena *a, const sg_overlay *ov, const char *path);
/** True when the overlay holds a buffer for path (a file that may not exist on disk yet). */
bool sg_run_overlaid(const sg_overlay *ov, const char *path);

#endif
