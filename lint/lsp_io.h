/* LSP base protocol framing over byte streams: `Content-Length: N\r\n\r\n` + N bytes of JSON.
 * Reading never trusts the peer: headers are bounded, the length is capped, a truncated frame
 * at end of input is reported, and an invalid body is told apart from a broken frame so the
 * server can answer -32700 and keep serving. */
#ifndef SG_LSP_IO_H
#define SG_LSP_IO_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

/** Largest body accepted; longer frames are skipped whole (and reported). */
#define SG_LSP_MAX_BODY ((size_t)64 << 20)
/** Largest header block accepted before it is treated as garbage. */
#define SG_LSP_MAX_HEADER ((size_t)8 << 10)

typedef enum sg_lsp_read {
    SG_LSP_EOF = 0,      /* end of input between frames, or inside a truncated one (see why) */
    SG_LSP_MESSAGE,      /* *msg holds the parsed JSON value (any type); caller decrefs */
    SG_LSP_BAD_JSON,     /* a whole frame whose body is not JSON: answer -32700, id null */
    SG_LSP_BAD_FRAME,    /* headers without a usable Content-Length, or a body too large */
} sg_lsp_read;

/** Reads the next frame from in. why receives a one-line explanation of anything wrong (empty
 * for a clean message or a clean EOF; a message read after skipped garbage also explains). */
sg_lsp_read sg_lsp_io_read(FILE *in, json_t **msg, char *why, size_t why_len);
/** Writes msg as one frame and flushes. Returns 0, or -1 when the output is gone. */
int sg_lsp_io_write(FILE *out, const json_t *msg);

#endif
