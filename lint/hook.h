/* `schemaguard install-hook`: a plain git pre-commit hook that runs `schemaguard check --staged`.
 * Any hook already there is kept as pre-commit.schemaguard-backup and run first. */
#ifndef SG_HOOK_H
#define SG_HOOK_H

/** Installs the hook for the repository holding the working directory. self is how this
 * program was invoked (argv[0]), used to name the binary in the hook. Prints what it did on
 * stdout. Returns the exit status: 0 installed or already current, 2 outside a repository, on
 * I/O errors, or when a backup already exists that installing would overwrite. */
int sg_hook_install(const char *self);

#endif
