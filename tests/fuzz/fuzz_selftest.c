/* libFuzzer harness that misbehaves on purpose, for tests/fuzz/selftest.py: it proves that the
 * fuzz suite's wrapper (run.py) fails on a crash, a leak, a timeout, an out-of-memory and
 * undefined behaviour. Not a harness of schemaguard code; the magic inputs are seeds only. */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Where the allocations go, so the compiler cannot drop a malloc/free pair it sees through. */
static char *volatile sink;

static int is(const uint8_t *data, size_t size, const char *word)
{
    size_t n = strlen(word);
    return size == n && memcmp(data, word, n) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (is(data, size, "crash")) {
        sink = malloc(4);
        volatile size_t i = 4;
        sink[i] = 1; /* heap overflow: AddressSanitizer */
        free(sink);
    } else if (is(data, size, "leak")) {
        sink = malloc(64); /* never freed: LeakSanitizer */
        sink = NULL;
    } else if (is(data, size, "hang")) {
        for (volatile int spin = 1; spin;) {
        }
    } else if (is(data, size, "oom")) {
        volatile size_t n = (size_t)8 << 30; /* over -rss_limit_mb / malloc_limit_mb */
        sink = malloc(n);
        free(sink);
    } else if (is(data, size, "ub")) {
        volatile int x = INT_MAX;
        x = x + (int)size; /* signed overflow: UBSan */
    }
    return 0;
}
