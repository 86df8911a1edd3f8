/* Internals shared by the scripts frontend's files (scripts.c, scripts_json.c,
 * scripts_docker.c, scripts_ci.c, scripts_cred.c); not for other modules. */
#ifndef SG_SCRIPTS_INT_H
#define SG_SCRIPTS_INT_H

#include "scripts.h"

/** A growing mapped text. */
typedef struct sg_mbuf {
    SG_VEC(char) c;
    SG_VEC(uint32_t) m;
} sg_mbuf;

void sg_scripts__mb_push(sg_arena *a, sg_mbuf *b, char c, uint32_t off);
/** The buffer as a mapped text (NUL-terminated copy); end is the offset after the last byte. */
sg_mtext sg_scripts__mb_done(sg_arena *a, sg_mbuf *b, uint32_t end);

/** One package.json script: its decoded name, the span of its key, its decoded value. */
typedef struct sg_jscript {
    sg_str name;
    sg_span key;
    sg_mtext value;
} sg_jscript;

typedef SG_VEC(sg_jscript) sg_jscripts;

/** The string members of the top-level "scripts" object of src (valid JSON), in file order. */
void sg_scripts__json_scripts(sg_jscripts *out, sg_arena *a, sg_source *src);
typedef SG_VEC(sg_mtext) sg_mtext_list;
typedef SG_VEC(uint32_t) sg_u32_list;

/** Decodes the JSON array of strings that is all of t, blanks aside (Dockerfile exec form):
 * each string's decoded text and source span. Returns false when t is not such an array. */
bool sg_scripts__json_argv(sg_mtext_list *words, sg_u32_list *starts, sg_u32_list *ends,
                           sg_arena *a, const sg_mtext *t);

/** Adds one command made of these words (exec form): wrappers are stripped as for split. */
void sg_scripts__add_argv(sg_cmd_list *out, sg_arena *a, sg_source *src, const sg_mtext *words,
                          const uint32_t *starts, const uint32_t *ends, size_t n);
/** Appends a COMMAND fact per command, with that context. */
void sg_scripts__emit(sg_fact_list *out, sg_arena *a, const sg_cmd_list *cmds, sg_str context,
                      bool production);
/** deploy / release / prod in a name, any case. */
bool sg_scripts__production_text(sg_str s);

void sg_scripts__dockerfile(sg_fact_list *out, sg_problem_list *problems, sg_arena *a,
                            sg_source *src);
/* Reports a quote left open at source offset at (nothing when at < 0): the shell stops there. */
void sg_scripts__open_quote(sg_problem_list *problems, sg_arena *a, sg_source *src, long at,
                            const char *what);
void sg_scripts__ci(sg_fact_list *out, sg_problem_list *problems, sg_arena *a, sg_source *src);

#endif
