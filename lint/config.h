/* Configuration: `.schemaguard.yml` (the nearest one walking up from the working directory, or
 * --config FILE), read with libyaml. Rule levels, default paths (migration directories, schema
 * files), exclude globs, the default base revision, and custom rules (a PCRE2 pattern over
 * files, or a tree-sitter query over TypeScript/JavaScript). Every mistake in the file is an
 * SG_ECONFIG error naming its line and column; nothing is silently defaulted. */
#ifndef SG_CONFIG_H
#define SG_CONFIG_H

#include <stdbool.h>

#include "engine.h"
#include "fact.h"

struct sg_code_query;

/** A custom rule: a runtime sg_rule (first member, so engine->extra can hold &rule) with the
 * message its findings carry and what it matches. */
typedef struct sg_custom_rule {
    sg_rule rule;
    const char *message;
    const char **files;           /* globs relative to the config's directory; none = all */
    size_t nfiles;
    void *pattern;                /* pcre2_code *, for pattern rules */
    struct sg_code_query *query;  /* for query rules */
} sg_custom_rule;

typedef struct sg_config {
    const char *path;             /* the file read, as shown in messages */
    const char *prefix;           /* the working directory relative to the config's ("" or
                                     "sub/dir/"): prepended to paths before glob matching */
    const char *to_root;          /* the config's directory relative to the working directory
                                     ("" or "../../"): prepended to configured paths */
    sg_level_override *levels;
    size_t nlevels;
    const char **migrations;      /* migration directories, relative to the working directory */
    size_t nmigrations;
    const char **schemas;         /* schema files, relative to the working directory */
    size_t nschemas;
    const char **paths;           /* other default paths of `check` (code, scripts), likewise */
    size_t npaths;
    const char **exclude;         /* globs, relative to the config's directory */
    size_t nexclude;
    const char *base;             /* default base revision (--base wins), or NULL */
    sg_custom_rule **custom;
    size_t ncustom;
    struct sg_code_query **queries; /* the query rules' queries, for sg_code_scan */
    size_t nqueries;
} sg_config;

/** Loads the configuration: path if given (it must exist), else the nearest .schemaguard.yml
 * from the working directory up to the filesystem root; *out = NULL when there is none.
 * Compiled patterns are freed with the arena; compiled queries are cached for the process
 * (the first 64 distinct ones; later ones go with the arena). Returns SG_OK, or SG_ECONFIG /
 * SG_ENOTFOUND with the message "<file>:<line>:<col>: <problem>" set. */
int sg_config_load(sg_config **out, sg_arena *a, const char *path);
/** Same, from text (for tests): shown_path names it in messages. */
int sg_config_parse(sg_config **out, sg_arena *a, const char *shown_path, const char *text,
                    size_t len);
/** Sets the configured levels and registers the custom rules on e. */
void sg_config_apply(const sg_config *c, sg_engine *e);
/** True when a path (relative to the working directory, as walked) matches an exclude glob. */
bool sg_config_excluded(const sg_config *c, const char *path);
/** Glob matching as the configuration uses it: `*` and `?` within a path segment, `**` across
 * segments, `[abc]` classes; a glob without `/` matches the name at any depth, and a glob
 * matching a directory matches everything below it. */
bool sg_config_glob(const char *glob, const char *path);
/** Appends a SG_FACT_PATTERN for every match of every pattern rule whose files globs take src. */
void sg_config_patterns(const sg_config *c, sg_fact_list *out, sg_arena *a, sg_source *src);

#endif
