/* Reporters: the findings of a run written in one of the output formats. Only reporters turn
 * byte offsets into line/column (1-based, UTF-16 columns). */
#ifndef SG_REPORT_H
#define SG_REPORT_H

#include <stdio.h>

#include "run.h"

#define SG_VERSION "0.1.0"
#define SG_INFO_URI "https://github.com/schemaguard/schemaguard"
#define SG_DOCS_BASE "https://github.com/schemaguard/schemaguard/blob/main/rules/"

/** Writes the report in o->format to f. Returns SG_OK or SG_EIO. */
int sg_report_write(FILE *f, sg_run *r, const sg_opts *o);

int sg_report_text(FILE *f, sg_run *r, const sg_opts *o);
int sg_report_json(FILE *f, sg_run *r, const sg_opts *o);
int sg_report_sarif(FILE *f, sg_run *r, const sg_opts *o);
int sg_report_github(FILE *f, sg_run *r, const sg_opts *o);
int sg_report_gitlab(FILE *f, sg_run *r, const sg_opts *o);

/* Shared by the reporters (report.c). */
typedef struct sg_region {
    uint32_t line, col, end_line, end_col;
} sg_region;

/** The 1-based region of a span; an empty span covers one column. */
sg_region sg_report_region(sg_span s);
/** A fingerprint of the finding that does not change when unrelated lines move it: the rule,
 * the file, the text of the line and the message, and which occurrence of that it is.
 * Writes 32 hex digits and a NUL into out. Call in report order (for the occurrence count). */
void sg_report_fingerprints(sg_run *r, char (*out)[33]);
/** The URL of a rule's documentation. */
const char *sg_report_doc_url(sg_arena *a, const char *rule_id);
/** The documentation of a built-in rule (Markdown), or NULL. */
const char *sg_rule_doc(const char *rule_id);

#endif
