/* The language server: `schemaguard lsp` speaks LSP 3.17 over stdio and publishes the findings
 * of the CLI pipeline (run.c) for each open document, with the open buffers over the disk. */
#ifndef SG_LSP_H
#define SG_LSP_H

#include <stdio.h>

#include "run.h"

/** Serves until `exit` or end of input. o supplies rule levels (--rule) for every run.
 * Returns the process exit status: 0 after shutdown + exit (or end of input after shutdown),
 * 1 otherwise. */
int sg_lsp_serve(FILE *in, FILE *out, const sg_opts *o);

#endif
