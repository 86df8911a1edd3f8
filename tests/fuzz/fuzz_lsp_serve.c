/* libFuzzer harness: the language server's dispatch (initialize, didOpen/didChange/didSave/
 * didClose, codeAction, hover, shutdown, exit, unknown methods) on arbitrary bytes read as one
 * client session. Each session runs from an empty workspace, /tmp/sg-fuzz-lsp (the seeds'
 * root); initialize changes directory to the rootUri, so libFuzzer's own directory (relative
 * corpus paths) is restored after each input. */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lsp.h"

static const char workspace[] = "/tmp/sg-fuzz-lsp";
static char home[PATH_MAX];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    mkdir(workspace, 0755);
    return getcwd(home, sizeof home) ? 0 : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || chdir(workspace) != 0)
        return 0;
    FILE *in = fmemopen((void *)data, size, "rb");
    FILE *out = fopen("/dev/null", "w");
    if (in && out) {
        sg_opts o = {.fail_on = SG_LEVEL_ERROR, .jobs = 1};
        (void)sg_lsp_serve(in, out, &o);
    }
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    return chdir(home) == 0 ? 0 : -1;
}
