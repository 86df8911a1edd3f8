/* Failures (I/O, usage, configuration, libgit2): a negative code, with one message set at the
 * failure site and read by whoever reports it. Findings in user input are never errors. */
#ifndef SG_ERROR_H
#define SG_ERROR_H

enum {
    SG_OK = 0,
    SG_EUSAGE = -1,
    SG_ENOTFOUND = -2,
    SG_EIO = -3,
    SG_ECONFIG = -4,
    SG_EGIT = -5,
    SG_EINTERNAL = -6,
};

/** Records the message (thread-local) and returns code, so `return sg_error_set(...)` reads well. */
int sg_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** The last message set on this thread, or "" if none. */
const char *sg_error_last(void);

#endif
