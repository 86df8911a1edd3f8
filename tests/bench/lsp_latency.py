#!/usr/bin/env python3
"""LSP latency benchmark (meson benchmark(), never a timed unit test): the median time from a
didChange to the publishDiagnostics of that version, for

  prisma-2000   a generated 2,000-line schema.prisma, committed in a git repository so every
                change is diffed against its HEAD version (the editor case; target < 20 ms)
  drizzle-2000  the same for a generated 2,000-line Drizzle schema module (schema.ts)
  sql-2000      a generated 2,000-line SQL migration after a predecessor that creates its tables
                (statements whose text did not change reuse their parse tree: lint/sqlcache.c)
  baseline      the same round trip for an empty .sql document (server and pipe overhead)

Each change is a small incremental edit (a field's or column's type toggled back and forth).
Figures are medians of SG_LSP_BENCH_N changes (default 41), printed with their ratio to the
baseline measured in the same run. Exits 1 when a median misses the 20 ms target."""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import lsp_proto  # noqa: E402

N = int(os.environ.get('SG_LSP_BENCH_N', '41'))
TARGET_MS = 20.0


def prisma_schema(lines=2000):
    out = ['datasource db {', '  provider = "postgresql"', '  url      = env("DATABASE_URL")',
           '}', '']
    i = 0
    while len(out) < lines - 12:
        out.append('model Entity%d {' % i)
        out.append('  id        Int      @id @default(autoincrement())')
        out.append('  name      String   @db.VarChar(200)')
        out.append('  email     String?  @unique')
        out.append('  score     Int      @default(0)')
        out.append('  ratio     Float?')
        out.append('  active    Boolean  @default(true)')
        out.append('  createdAt DateTime @default(now()) @map("created_at")')
        out.append('  notes     String?')
        out.append('')
        out.append('  @@map("entity_%d")' % i)
        out.append('}')
        out.append('')
        i += 1
    while len(out) < lines:
        out.append('// padding')
    return '\n'.join(out) + '\n', i


def sql_migration(lines=2000):
    tables = (lines - 1) // 3
    init = ''.join('CREATE TABLE t%d (id bigint PRIMARY KEY, a int, b text);\n' % i
                   for i in range(tables))
    body = []
    for i in range(tables):
        body.append('ALTER TABLE t%d ADD COLUMN c%d integer;' % (i, i))
        body.append('CREATE INDEX CONCURRENTLY t%d_a ON t%d (a);' % (i, i))
        body.append('UPDATE t%d SET c%d = 0 WHERE id < 100;' % (i, i))
    while len(body) < lines:
        body.append('-- padding')
    return init, '\n'.join(body) + '\n'


def drizzle_schema(lines=2000):
    out = ["import { pgTable, serial, text, integer, boolean, varchar, timestamp } "
           "from 'drizzle-orm/pg-core';", '']
    i = 0
    while len(out) < lines - 9:
        out.append('export const entity%d = pgTable("entity_%d", {' % (i, i))
        out.append('  id: serial("id").primaryKey(),')
        out.append('  name: varchar("name", { length: 200 }).notNull(),')
        out.append('  email: text("email").unique(),')
        out.append('  score: integer("score").default(0).notNull(),')
        out.append('  active: boolean("active").default(true),')
        out.append('  createdAt: timestamp("created_at").defaultNow(),')
        out.append('});')
        out.append('')
        i += 1
    while len(out) < lines:
        out.append('// padding')
    return '\n'.join(out) + '\n', i


def git(cwd, *args):
    subprocess.run(['git', '-c', 'user.email=b@example.com', '-c', 'user.name=bench'] +
                   list(args), cwd=cwd, check=True, capture_output=True)


def round_trips(s, u, line, col_start, col_end, texts, version0):
    """Times N edits replacing [col_start, col_end) of line with texts[i % 2]."""
    times = []
    v = version0
    cur_end = col_end
    for i in range(N):
        v += 1
        text = texts[i % 2]
        t0 = time.perf_counter()
        s.notify('textDocument/didChange', {'textDocument': {'uri': u, 'version': v},
                 'contentChanges': [{'range': {'start': {'line': line, 'character': col_start},
                                               'end': {'line': line, 'character': cur_end}},
                                     'text': text}]})
        p = s.diagnostics(u, version=v, timeout=30)
        times.append(time.perf_counter() - t0)
        cur_end = col_start + len(text)
    return times, p


def main():
    tmp = tempfile.mkdtemp(prefix='sg-lsp-bench-')
    try:
        root = os.path.join(tmp, 'proj')
        os.makedirs(os.path.join(root, 'prisma'))
        os.makedirs(os.path.join(root, 'migrations'))
        schema, models = prisma_schema()
        schema_path = os.path.join(root, 'prisma', 'schema.prisma')
        with open(schema_path, 'w') as f:
            f.write(schema)
        dschema, _ = drizzle_schema()
        dpath = os.path.join(root, 'src', 'db', 'schema.ts')
        os.makedirs(os.path.dirname(dpath))
        with open(dpath, 'w') as f:
            f.write(dschema)
        init, mig = sql_migration()
        with open(os.path.join(root, 'migrations', '001_init.sql'), 'w') as f:
            f.write(init)
        mig_path = os.path.join(root, 'migrations', '002_big.sql')
        with open(mig_path, 'w') as f:
            f.write(mig)
        empty_path = os.path.join(root, 'scratch', 'empty.sql')
        os.makedirs(os.path.dirname(empty_path))
        open(empty_path, 'w').close()
        in_git = shutil.which('git') is not None
        if in_git:
            git(root, 'init', '-q')
            git(root, 'add', '.')
            git(root, 'commit', '-q', '-m', 'base')
        else:
            print('note: git not found; the schema is linted without a HEAD version')

        s = lsp_proto.Server(cwd=root)
        s.initialize(root)
        results = {}
        # baseline: an empty SQL document, the edit inserts and removes one space
        u = s.open(empty_path, '', version=1)
        s.diagnostics(u, version=1)
        results['baseline'], _ = round_trips(s, u, 0, 0, 0, [' ', ''], 1)
        # prisma-2000 / drizzle-2000: toggle a type in the middle model or table, both ways
        for name, path, text, lang, prefix, col, texts in (
                ('prisma-2000', schema_path, schema, 'prisma', '  score     Int', 12,
                 ['Boolean', 'Int']),
                ('drizzle-2000', dpath, dschema, 'typescript', '  score: integer', 9,
                 ['text', 'integer'])):
            u = s.open(path, text, version=1, language=lang)
            s.diagnostics(u, version=1, timeout=30)
            lines = text.split('\n')
            mid = next(i for i in range(len(lines) // 2, len(lines))
                       if lines[i].startswith(prefix))
            results[name], last = round_trips(s, u, mid, col, col + len(texts[1]), texts, 1)
            # The edit is real work: the last edit left the type different from HEAD.
            codes = sorted({d['code'] for d in last['diagnostics']})
            print('%s: findings with the type changed from HEAD: %s' % (name, codes or 'none'))
        # sql-2000: toggle the type of an added column in the middle of the migration
        u = s.open(mig_path, mig, version=1)
        s.diagnostics(u, version=1, timeout=30)
        mlines = mig.split('\n')
        k = len(mlines) // 2
        k = next(i for i in range(k, len(mlines)) if 'ADD COLUMN' in mlines[i])
        col = mlines[k].index('integer')
        results['sql-2000'], _ = round_trips(s, u, k, col, col + 7, ['bigint', 'integer'], 1)
        s.request('shutdown')
        s.notify('exit')
        s.wait()

        base = statistics.median(results['baseline'])
        print('LSP didChange -> publishDiagnostics, median of %d edits (%d-line schema with %d '
              'models%s):' % (N, len(lines) - 1, models, ', diffed against HEAD' if in_git
                              else ''))
        for name in ('baseline', 'prisma-2000', 'drizzle-2000', 'sql-2000'):
            med = statistics.median(results[name])
            p90 = sorted(results[name])[int(len(results[name]) * 0.9)]
            print('  %-12s median %7.2f ms  p90 %7.2f ms  %6.2fx baseline' %
                  (name, med * 1e3, p90 * 1e3, med / base))
        ok = True
        for name in ('prisma-2000', 'drizzle-2000', 'sql-2000'):
            ms = statistics.median(results[name]) * 1e3
            ok = ok and ms < TARGET_MS
            print('%s: %.2f ms (target < %.0f ms): %s' %
                  (name, ms, TARGET_MS, 'met' if ms < TARGET_MS else 'MISSED'))
        sys.exit(0 if ok else 1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
