/* The benchmark baseline: libpg_query's protobuf parse of every file named on the command
 * line (one file per argument), which is the floor DESIGN.md measures schemaguard against.
 * With --raw, the cheaper pg_query_split_with_scanner pass instead. Prints the statement count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pg_query.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    size_t got = fread(b, 1, (size_t)n, f);
    b[got] = '\0';
    fclose(f);
    return b;
}

int main(int argc, char **argv)
{
    int raw = argc > 1 && strcmp(argv[1], "--raw") == 0;
    long statements = 0, failed = 0;
    for (int i = 1 + raw; i < argc; i++) {
        char *text = slurp(argv[i]);
        if (!text)
            continue;
        if (raw) {
            PgQuerySplitResult r = pg_query_split_with_scanner(text);
            statements += r.n_stmts;
            failed += r.error != NULL;
            pg_query_free_split_result(r);
        } else {
            PgQueryProtobufParseResult r = pg_query_parse_protobuf(text);
            failed += r.error != NULL;
            statements += (long)r.parse_tree.len > 0;
            pg_query_free_protobuf_parse_result(r);
        }
        free(text);
    }
    printf("%ld files parsed, %ld failed\n", statements, failed);
    return 0;
}
