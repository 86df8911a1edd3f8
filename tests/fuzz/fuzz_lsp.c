/* libFuzzer harness: LSP framing (Content-Length headers and JSON bodies) on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lsp_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *in = fmemopen((void *)data, size, "rb");
    if (!in)
        return 0;
    char why[256];
    for (int i = 0; i < 64; i++) {
        json_t *msg = NULL;
        sg_lsp_read r = sg_lsp_io_read(in, &msg, why, sizeof why);
        if (msg)
            json_decref(msg);
        if (r == SG_LSP_EOF)
            break;
    }
    fclose(in);
    return 0;
}
