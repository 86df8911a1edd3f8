/* Text helpers for the language server: LSP positions (0-based line, character in UTF-16 code
 * units or, when negotiated, UTF-8 bytes) to byte offsets and back, range edits of a buffer, and
 * file:// URIs to paths and back. Pure functions over bytes; no JSON here. */
#ifndef SG_LSP_TEXT_H
#define SG_LSP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct sg_lsp_pos {
    uint32_t line, character;
} sg_lsp_pos;

/** The byte offset of a position in text. A line past the end clamps to the end of the text, a
 * character past the end of its line to the line's end (before \r\n); a position inside a
 * UTF-8 sequence or between the halves of a surrogate pair rounds down to the character. */
size_t sg_lsp_text_offset(const char *text, size_t len, sg_lsp_pos p, bool utf8);
/** The position of a byte offset (clamped to len). line_start, when known, is the offset of
 * the line holding off and line its 0-based number; pass SIZE_MAX to have them computed. */
sg_lsp_pos sg_lsp_text_position(const char *text, size_t len, size_t off, bool utf8,
                                size_t line_start, uint32_t line);

/** A growable malloc-owned buffer (editor documents outlive the per-run arenas). */
typedef struct sg_lsp_buf {
    char *text;
    size_t len, cap;
} sg_lsp_buf;

/** Replaces bytes [start, end) of b with n bytes of s. Returns 0, or -1 out of memory. */
int sg_lsp_buf_splice(sg_lsp_buf *b, size_t start, size_t end, const char *s, size_t n);
void sg_lsp_buf_free(sg_lsp_buf *b);

/** The local path of a file:// URI (percent-decoded, with "." and "//" segments removed), in
 * a; NULL for other schemes, a remote host or a malformed escape. */
char *sg_lsp_uri_path(sg_arena *a, const char *uri);
/** A file:// URI for an absolute path, percent-encoding what RFC 3986 requires. */
char *sg_lsp_uri_from_path(sg_arena *a, const char *path);

#endif
