/* Writing JSON text directly to a stream, for reports of thousands of findings: building a
 * jansson tree first costs more than linting the files behind it. */
#ifndef SG_JSON_EMIT_H
#define SG_JSON_EMIT_H

#include <stdio.h>

/** Writes s as a JSON string literal: quoted, with `"`, `\` and control characters escaped as
 *  jansson does; a byte that does not start valid UTF-8 is written as U+FFFD, so the output is
 *  always valid JSON. */
void sg_json_emit_string(FILE *f, const char *s);

#endif
