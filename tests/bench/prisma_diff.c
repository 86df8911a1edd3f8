/* Prisma diff benchmark (meson benchmark(), never a timed unit test): parse, map and diff two
 * versions of a large schema, median of N runs, against DESIGN.md's target of 5 ms for two
 * 3,000-line schemas. With two paths it diffs them; with none it generates two 3,000-line
 * schemas (62 models, each version changing a few fields). Exits 1 when the target is missed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diff.h"
#include "error.h"
#include "prisma.h"

#define TARGET_MS 5.0
#define RUNS 31

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A schema of about `lines` lines; `variant` changes a few field types and drops a field. */
static char *generate(sg_arena *a, int lines, int variant, size_t *len)
{
    size_t cap = (size_t)lines * 80 + 4096, n = 0;
    char *s = sg_arena_alloc(a, cap);
    n += (size_t)snprintf(s + n, cap - n, "datasource db {\n  provider = \"postgresql\"\n"
                                          "  url      = env(\"DATABASE_URL\")\n}\n\n");
    int models = lines / 48; /* 49 lines each: a schema of at least `lines` lines */
    for (int m = 0; m < models; m++) {
        n += (size_t)snprintf(s + n, cap - n,
                              "model Model%d {\n  id        String   @id @default(cuid())\n"
                              "  createdAt DateTime @default(now())\n"
                              "  updatedAt DateTime @updatedAt\n"
                              "  parent    Model%d? @relation(fields: [parentId], references: [id])\n"
                              "  parentId  String?\n  children  Model%d[] @relation(\"c%d\")\n",
                              m, (m + 1) % models, (m + 1) % models, m);
        for (int f = 0; f < 38; f++) {
            if (variant && m % 10 == 0 && f == 7)
                continue;
            const char *type = f % 4 == 0   ? "String   @db.VarChar(255)"
                               : f % 4 == 1 ? "Int      @default(0)"
                               : f % 4 == 2 ? "Boolean?"
                                            : "Json?";
            if (variant && m % 10 == 1 && f == 9)
                type = "BigInt   @default(0)";
            n += (size_t)snprintf(s + n, cap - n, "  field%d %s\n", f, type);
        }
        n += (size_t)snprintf(s + n, cap - n, "  @@index([createdAt])\n  @@map(\"model_%d\")\n}\n\n",
                              m);
    }
    *len = n;
    return s;
}

int main(int argc, char **argv)
{
    sg_arena *a = sg_arena_new();
    sg_source *old = NULL, *new_ = NULL;
    if (argc == 3) {
        if (sg_source_read(&old, a, argv[1], argv[1]) < 0 ||
            sg_source_read(&new_, a, argv[2], argv[2]) < 0) {
            fprintf(stderr, "prisma_diff: %s\n", sg_error_last());
            return 2;
        }
    } else {
        size_t n1, n2;
        char *s1 = generate(a, 3000, 0, &n1), *s2 = generate(a, 3000, 1, &n2);
        old = sg_source_make(a, "old.prisma", NULL, s1, n1, SG_KIND_PRISMA);
        new_ = sg_source_make(a, "new.prisma", NULL, s2, n2, SG_KIND_PRISMA);
    }
    double times[RUNS];
    size_t changes = 0, problems = 0, tables = 0;
    for (int i = 0; i < RUNS; i++) {
        sg_arena *u = sg_arena_new();
        double t0 = now_ms();
        sg_problem_list pl = {0};
        sg_model *mo = NULL, *mn = NULL;
        sg_prisma_parse(&mo, &pl, u, &old, 1);
        sg_prisma_parse(&mn, &pl, u, &new_, 1);
        sg_change_list l = {0};
        sg_diff_models(&l, u, mo, mn, SG_IN_PRISMA, new_);
        times[i] = now_ms() - t0;
        changes = l.len;
        problems = pl.len;
        tables = mn->tables.len;
        sg_arena_free(u);
    }
    sg_pos end_old = sg_source_position(old, (uint32_t)old->len);
    sg_pos end_new = sg_source_position(new_, (uint32_t)new_->len);
    qsort(times, RUNS, sizeof times[0], cmp_double);
    double median = times[RUNS / 2];
    printf("prisma diff: %u + %u lines, %zu tables, %zu changes, %zu problems: median of %d "
           "%.2f ms, best %.2f ms (target < %.0f ms)\n",
           end_old.line, end_new.line, tables, changes, problems, RUNS, median, times[0],
           TARGET_MS);
    sg_arena_free(a);
    return median < TARGET_MS && problems == 0 ? 0 : 1;
}
