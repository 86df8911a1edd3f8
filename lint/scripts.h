/* The scripts frontend: package.json `scripts`, shell scripts, Dockerfiles, CI YAML (GitHub
 * workflows, GitLab CI) and Procfiles -> one SG_FACT_COMMAND per simple command (wrappers such as
 * npx/pnpm/yarn/bunx and VAR=x prefixes stripped, `npm run` followed inside one package.json),
 * and SG_FACT_CREDENTIAL for literal database passwords. Which command is dangerous is the
 * rules' business (rules/destructive_cli_command.c). */
#ifndef SG_SCRIPTS_H
#define SG_SCRIPTS_H

#include <stdbool.h>

#include "fe.h"

/** Text with a source offset for every byte: map[i] is where text[i] came from, map[len] the
 * end. Lets commands decoded from JSON strings, Dockerfile continuations and YAML block scalars
 * point at their exact bytes in the file. */
typedef struct sg_mtext {
    char *text;
    uint32_t *map;
    size_t len;
} sg_mtext;

/** One simple command: argv after stripping wrappers, the span of the whole command (from its
 * first word to its last), and `run` when it names a package script (`npm run X`, `pnpm X`,
 * `yarn X`, ...: argv[0] is then the script name). */
typedef struct sg_cmd {
    sg_span at;
    sg_str *argv;
    sg_span *spans;   /* of each argv word */
    size_t argc;
    bool run;         /* explicit `npm run X` and the like */
    bool maybe_run;   /* `pnpm X`, `yarn X`, `bun X`: a script if the package has one named X */
} sg_cmd;

typedef SG_VEC(sg_cmd) sg_cmd_list;

/** Splits shell text into simple commands on `&&`, `||`, `;`, `|`, `&`, newlines, `(`, `)` and
 * `$(`, honouring quotes, escapes, comments and heredocs, and strips from each command the
 * shell keywords (if, then, !, exec ...), env assignments (`FOO=bar`, `env`, `cross-env`) and
 * package-runner wrappers (npx, pnpm exec/dlx, yarn dlx/exec, bunx, bun x, npm exec --).
 * `sh -c '...'` is split again. Allocates from a. Returns the source offset of a quote that
 * the text never closes (the shell would stop there), or -1. */
long sg_scripts_split(sg_cmd_list *out, sg_arena *a, sg_source *src, const sg_mtext *t);

/** The mapped text of src's bytes [start, end) as they are. */
sg_mtext sg_scripts_identity(sg_arena *a, uint32_t start, uint32_t end, const sg_source *src);

/** Scans src by its kind (package.json, shell, Dockerfile, CI YAML, Procfile) and appends
 * command and credential facts; unreadable structure (bad JSON or YAML) becomes a problem with
 * its position. Thread-safe; allocates from a. */
void sg_scripts_scan(sg_fact_list *out, sg_problem_list *problems, sg_arena *a, sg_source *src);

/** Appends a SG_FACT_CREDENTIAL (origin as given) for each database URL with a literal password
 * and each PGPASSWORD= with a literal value in src's bytes [start, end). Interpolations
 * (${...}, $VAR, %s, {{ }}, <password>, ***) and local hosts are not credentials. In shell,
 * YAML, Dockerfiles and Procfiles, matches on comment lines (first non-blank `#`) are ignored;
 * Dockerfiles also have the `ENV PGPASSWORD value` form. */
void sg_scripts_credentials(sg_fact_list *out, sg_arena *a, sg_source *src, uint32_t start,
                            uint32_t end, unsigned origin);

/** True when a package.json script of that name runs in production (start, build, deploy,
 * postinstall, release, heroku-postbuild, vercel-build, start:prod ...). */
bool sg_scripts_production_name(sg_str name);

#endif
