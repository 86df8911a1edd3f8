/* A source: the bytes of one file version (working tree, index or a git revision, or an editor
 * buffer), its kind, and a line index for turning byte offsets into positions. Spans are byte
 * offsets everywhere; only reporters turn them into line/column. */
#ifndef SG_SOURCE_H
#define SG_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "str.h"

typedef enum sg_kind {
    SG_KIND_UNKNOWN = 0,
    SG_KIND_SQL,          /* a .sql file: migration or script */
    SG_KIND_PRISMA,       /* schema.prisma or any .prisma file */
    SG_KIND_TS,           /* .ts .tsx .mts .cts */
    SG_KIND_JS,           /* .js .jsx .mjs .cjs */
    SG_KIND_PACKAGE_JSON, /* package.json */
    SG_KIND_DOCKERFILE,   /* Dockerfile, *.dockerfile, Dockerfile.* */
    SG_KIND_SHELL,        /* .sh .bash, or a #!/bin/sh script */
    SG_KIND_CI_YAML,      /* GitHub workflow and .gitlab-ci.yml files */
    SG_KIND_PROCFILE,     /* Procfile */
    SG_KIND_COUNT
} sg_kind;

typedef struct sg_source {
    const char *path;   /* as reported: relative to the working directory when below it */
    const char *rev;    /* NULL for the working tree or a buffer; "INDEX" or a revision otherwise */
    const char *text;   /* len bytes, followed by a NUL not counted in len */
    size_t len;
    sg_kind kind;
    const uint32_t *line_starts; /* byte offset of each line; built on first use */
    size_t nlines;
    /* The last position computed (a character boundary, its line index + 1, its UTF-16
     * column): the next one on that line resumes there instead of at the line start. */
    uint32_t last_off, last_col;
    size_t last_line;
    sg_arena *arena; /* the unit arena the source lives in */
} sg_source;

/** A position for reporters: 1-based line, 1-based column in UTF-16 code units. */
typedef struct sg_pos {
    uint32_t line;
    uint32_t col;
} sg_pos;

/** A byte range [start, end) in one source. A span with src == NULL is "no location". */
typedef struct sg_span {
    sg_source *src;
    uint32_t start, end;
} sg_span;

/** The kind a path's name suggests (no content sniffing, except text for shebangs if given). */
sg_kind sg_source_kind_of(const char *path, const char *text, size_t len);
const char *sg_source_kind_name(sg_kind k);
/** Makes a source over text (copied into the arena, NUL-terminated). */
sg_source *sg_source_make(sg_arena *a, const char *path, const char *rev, const char *text,
                          size_t len, sg_kind kind);
/** Reads a file into a source. Returns SG_OK, or SG_ENOTFOUND/SG_EIO with the message set. */
int sg_source_read(sg_source **out, sg_arena *a, const char *path, const char *shown_path);
/** The 1-based line and UTF-16 column of a byte offset (clamped to the text). */
sg_pos sg_source_position(sg_source *src, uint32_t offset);
/** Byte offset where the 1-based line starts (clamped). */
uint32_t sg_source_line_start(sg_source *src, uint32_t line);
/** The text of the line holding offset, without its newline. */
sg_str sg_source_line_text(sg_source *src, uint32_t offset);
/** True when the text is not valid UTF-8 or holds NUL bytes (a binary file). */
bool sg_source_is_binary(const sg_source *src);
/** What a text holding NUL bytes is, for messages: "UTF-16 text (save it as UTF-8)" when it
 * starts with a UTF-16 byte order mark (PowerShell's `>` writes that), else "binary file". */
const char *sg_source_binary_kind(const sg_source *src);
/** Offset of the first invalid UTF-8 sequence, or -1. */
long sg_source_invalid_utf8(const sg_source *src);

static inline sg_span sg_span_make(sg_source *src, uint32_t start, uint32_t end)
{
    return (sg_span){src, start, end};
}

#endif
