#!/usr/bin/env python3
"""Bad input never crashes or hangs: each case gives a clear finding (parse-error with its exact
line and column) or a clear error (`file:line:col:` on stderr), the documented exit status
(README: 0 clean, 1 findings, 2 usage/I/O/configuration error; LSP: 0 after shutdown, else 1),
and finishes within a bound (every run has a timeout). Covered, each in its own directory:

- binary files, and invalid UTF-8 in every input kind: SQL, Prisma, TypeScript, JavaScript,
  package.json, shell script, Dockerfile, GitHub workflow, GitLab CI, Procfile, .schemaguard.yml;
  UTF-16 text (said so); a UTF-8 byte order mark (no error, and no column on line 1);
- NUL bytes in otherwise valid text, early and past the first 8 KiB (a NUL there used to cut
  SQL silently), in every input kind, through `check` and through `diff` (Drizzle, Prisma);
- 100 MB files: SQL (the finding at its last line), TypeScript through `check` and `diff`,
  a Prisma schema (refused above 16 MiB, as Drizzle's are above 8 MiB: its model would take
  some 3 GB), and a 12 MB one read whole (an error on its last line); elapsed times are
  printed;
- deep nesting: exactly 10,000 levels in SQL and TypeScript (`check`, and `diff` as a Drizzle
  schema), 200,000 in SQL, 100,000 unclosed in TypeScript, 10,000 in Prisma, package.json,
  GitLab CI and .schemaguard.yml; 800 KB of TypeScript token soup (each parse time-bounded);
- unterminated strings and comments in every language: SQL (quoted string, nested block
  comment, $$ and $tag$ dollar quotes, E'', U&'', B'', X'', quoted identifier), Prisma (string,
  '/*', which Prisma does not have, an unclosed block), TypeScript and JavaScript (string,
  template literal, template substitution, block comment, regex, regex class), package.json,
  shell scripts (also $'...', in $( ) and backquotes, an open heredoc), Dockerfiles (also a
  continuation at the end), GitHub and GitLab CI YAML, Procfiles and .schemaguard.yml. A quote
  left open in a shell script, Dockerfile instruction or Procfile line is an error at the quote
  (the shell stops there): commands before it are reported, words after it are not commands;
- the language server: a frame cut inside its body, a Content-Length larger than the body, a
  header with no blank line, a header line cut mid-way, a header block with no Content-Length
  and an oversized Content-Length, each followed by end of input (with and without shutdown);
  a body of JSON nested 100,000 deep; a buffer holding a NUL byte;
- .schemaguard.yml that is not YAML (binary, NUL, tabs, unbalanced brackets), YAML that is not a
  mapping (a string, a number, a list), an unknown key, an unknown rule, two documents;
- many findings: 200,000 DROP TABLE statements, and 50,000 on one line (with characters of
  two and four bytes, whose UTF-16 columns are checked) in JSON and SARIF: linear, not
  quadratic;
- an empty file, a FIFO, symlink loops in a directory tree, a path that does not exist, an
  unreadable file, an unreadable directory inside the one checked (a warning, never silence),
  bad options.

Bounds: 30 s for a small input, 120 s for a 100 MB one. Measured here (2 cores): SQL 1-2 s,
TypeScript 3 s (its parse stops at a 2 s limit), Drizzle diff 0.5 s (refused above 8 MiB),
Prisma 9-10 s; ASan+UBSan with arena_debug: 4.4 s, 4.9 s, 1.5 s, and 11 s for 20 MB of Prisma.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sgtest  # noqa: E402

fails = sgtest.Failures()
MB = 1024 * 1024
SMALL_BOUND = 30   # seconds for any small input, sanitizer builds included
BIG_BOUND = 120    # seconds for a 100 MB input
ROOT = None        # the temporary directory


def write(rel, data):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)
    return path


def pos_of(data, offset):
    """1-based line and UTF-16 column of a byte offset (invalid bytes count as one unit)."""
    line_start = data.rfind(b'\n', 0, offset) + 1
    col = len(data[line_start:offset].decode('utf-8', 'replace').encode('utf-16-le')) // 2
    return data.count(b'\n', 0, offset) + 1, col + 1


def run(name, args, cwd, bound, stdin=None):
    """Runs schemaguard; returns (status, stdout, stderr, seconds) or None when it overran."""
    t0 = time.monotonic()
    try:
        status, out, err = sgtest.run(args, cwd=cwd, stdin=stdin, timeout=bound)
    except subprocess.TimeoutExpired:
        fails.add('%s: did not finish within %d s' % (name, bound))
        return None
    return status, out, err, time.monotonic() - t0


def check(name, args, status, rule=None, msg=None, pos=None, file=None, also=(), absent=(),
          stderr=None, cwd=None, bound=SMALL_BOUND):
    """One run with --format json (when a rule is expected): the exit status, a finding of
    `rule` whose message holds `msg`, at `pos` (line, column) in `file`; the (rule, line) pairs
    in `also` are present too, the rules in `absent` are not; stderr holds `stderr`."""
    if rule or also or absent:
        args = list(args) + ['--format', 'json']
    r = run(name, args, cwd or ROOT, bound)
    if r is None:
        return None
    st, out, err, secs = r
    ok = True
    if st != status:
        fails.add('%s: exit %d, expected %d (stderr: %s)' % (name, st, status, err[:500]))
        return None
    if stderr and stderr not in err:
        fails.add('%s: stderr %r does not say %r' % (name, err[:500], stderr))
        ok = False
    found = []
    if rule or also or absent:
        found = json.loads(out)['findings']
        got = [(f['rule'], f['file'], f['line'], f['column'], f['message']) for f in found]
    if rule:
        match = [f for f in found if f['rule'] == rule and (msg is None or msg in f['message'])
                 and (pos is None or (f['line'], f['column']) == tuple(pos))
                 and (file is None or f['file'] == file)]
        if not match:
            fails.add('%s: no %s finding%s%s in %s' % (
                name, rule, ' saying %r' % msg if msg else '', ' at %d:%d' % pos if pos else '',
                got))
            ok = False
    for ar, line in also:
        if not any(f['rule'] == ar and f['line'] == line for f in found):
            fails.add('%s: no %s finding on line %d in %s' % (name, ar, line, got))
            ok = False
    for ar in absent:
        if any(f['rule'] == ar for f in found):
            fails.add('%s: unexpected %s finding in %s' % (name, ar, got))
            ok = False
    if ok:
        print('ok: %s (%.2f s)' % (name, secs))
    return found, secs


def check_config(name, text, want, status=2):
    """A .schemaguard.yml in its own directory: `check` exits 2 with `want` on stderr."""
    d = os.path.join(ROOT, 'config', name)
    write(os.path.join('config', name, '.schemaguard.yml'), text)
    write(os.path.join('config', name, 'a.sql'), b'SELECT 1;\n')
    check('config ' + name, ['check', 'a.sql'], status, cwd=d,
          stderr=('schemaguard: ' + want) if want else None)


# ---- binary, invalid UTF-8, NUL bytes ----

# (kind, path, text before the bad byte, text after it): the bad byte goes in the middle.
KINDS = [
    ('SQL', 'k/sql/m.sql', b'CREATE TABLE caf', b' (id int);\nDROP TABLE legacy;\n'),
    ('Prisma', 'k/prisma/schema.prisma', b'model A {\n  caf', b' Int @id\n}\n'),
    ('TypeScript', 'k/ts/a.ts', b'const caf', b' = 1;\nsequelize.sync({ force: true });\n'),
    ('JavaScript', 'k/js/a.js', b'const s = "caf', b'";\nsequelize.sync({ force: true });\n'),
    ('package.json', 'k/pkg/package.json', b'{"scripts": {"a": "caf',
     b'", "b": "prisma migrate reset --force"}}\n'),
    ('shell', 'k/sh/deploy.sh', b'#!/bin/sh\necho caf', b'\nprisma migrate reset --force\n'),
    ('Dockerfile', 'k/docker/Dockerfile', b'FROM node\nRUN echo caf',
     b'\nRUN npx prisma migrate reset --force\n'),
    ('GitHub workflow', 'k/gh/.github/workflows/ci.yml',
     b'on: push\njobs:\n  a:\n    steps:\n      - run: echo caf',
     b'\n      - run: npx prisma migrate reset --force\n'),
    ('GitLab CI', 'k/gl/.gitlab-ci.yml', b'a:\n  script:\n    - echo caf',
     b'\n    - npx prisma migrate reset --force\n'),
    ('Procfile', 'k/proc/Procfile', b'web: caf', b'\nrelease: npx prisma migrate reset --force\n'),
]
# Past the first 8 KiB: a comment line in each language, repeated.
PAD = {'SQL': b'-- ', 'Prisma': b'// ', 'TypeScript': b'// ', 'JavaScript': b'// ',
       'shell': b'# ', 'Dockerfile': b'# ', 'GitHub workflow': b'# ', 'GitLab CI': b'# ',
       'Procfile': b'# '}


def test_encodings():
    write('bin/binary.sql', b'\x7fELF\x02\x01\x01\x00' + bytes(range(256)) * 4)
    check('binary file', ['check', 'bin/binary.sql'], 1, 'parse-error', 'binary', (1, 8))

    for kind, path, before, after in KINDS:
        for bad, what in ((b'\xe9', 'Latin-1 byte'), (b'\xed\xa0\x80', 'UTF-16 surrogate'),
                          (b'\xc3', 'cut sequence')):
            data = before + bad + after
            write(path, data)
            check('invalid UTF-8 (%s) in %s' % (what, kind), ['check', path], 1, 'parse-error',
                  'UTF-8', pos_of(data, len(before)), file=path,
                  absent=('destructive-cli-command', 'orm-force-sync', 'drop-table'))
        # NUL early, and past the first 8 KiB of valid text (package.json: in a long string).
        for early in (True, False):
            pad = b''
            if not early:
                pad = (PAD[kind] + b'x' * 78 + b'\n') * 120 if kind in PAD else b''
            b2 = before if early or kind in PAD else before + b'x' * 9000
            if kind == 'shell':
                data = b'#!/bin/sh\n' + pad + b2[len(b'#!/bin/sh\n'):] + b'\x00' + after
                at = len(b'#!/bin/sh\n' + pad + b2[len(b'#!/bin/sh\n'):])
            else:
                data = pad + b2 + b'\x00' + after
                at = len(pad + b2)
            write(path, data)
            check('NUL byte %s in %s' % ('early' if early else 'past 8 KiB', kind),
                  ['check', path], 1, 'parse-error', 'NUL byte', pos_of(data, at), file=path,
                  absent=('destructive-cli-command', 'orm-force-sync', 'drop-table'))

    # UTF-16 (what PowerShell's `>` writes): said so, not "binary".
    for path, enc in (('k/u16/m.sql', 'utf-16-le'), ('k/u16p/schema.prisma', 'utf-16-le'),
                      ('k/u16t/a.ts', 'utf-16-be')):
        text = {'sql': 'DROP TABLE legacy;\n', 'prisma': 'model A {\n  id Int @id\n}\n',
                'ts': 'sequelize.sync({ force: true });\n'}[path.rsplit('.', 1)[1]]
        write(path, ('\ufeff' + text).encode(enc))
        check('UTF-16 %s' % path.rsplit('.', 1)[1], ['check', path], 1, 'parse-error',
              'UTF-16 text (save it as UTF-8)', absent=('drop-table', 'orm-force-sync'))

    # Through diff: a Drizzle schema with a NUL past 8 KiB.
    old = b'import { pgTable, integer } from "drizzle-orm/pg-core";\n' \
          b'export const t = pgTable("t", { id: integer("id"), n: integer("n") });\n'
    new = old.replace(b', n: integer("n")', b'') + b'// ' + b'x' * 9000 + b'\n"\x00";\n'
    write('k/dz/old.ts', old)
    write('k/dz/new.ts', new)
    check('NUL byte in a Drizzle schema (diff)', ['diff', 'k/dz/old.ts', 'k/dz/new.ts'], 1,
          'parse-error', 'NUL byte', pos_of(new, new.index(b'\x00')), file='k/dz/new.ts',
          absent=('drop-column',))

    # Through diff: Prisma schemas with invalid UTF-8 and a NUL.
    write('k/pd/old.prisma', b'model A {\n  id Int @id\n  name String\n}\n')
    for bad, what in ((b'\xe9', 'UTF-8'), (b'\x00', 'NUL byte')):
        new = b'model A {\n  id Int @id\n  n' + bad + b'me String\n}\n'
        write('k/pd/new.prisma', new)
        check('%s in a Prisma schema (diff)' % what, ['diff', 'k/pd/old.prisma', 'k/pd/new.prisma'],
              1, 'parse-error', what, pos_of(new, new.index(bad)), file='k/pd/new.prisma',
              absent=('drop-column',))

    check_config('latin1', b'rules:\n  drop-table: warning # caf\xe9\n',
                 '.schemaguard.yml:2:28: YAML syntax error: incomplete UTF-8 octet sequence')
    check_config('nul', b'rules:\n  drop-table: warn\x00ing\n',
                 '.schemaguard.yml:2:19: YAML syntax error: control characters are not allowed')
    check_config('nul-late', b'#' + b'x' * 9000 + b'\nrules:\n  drop-table: warning\x00\n',
                 '.schemaguard.yml:3:22: YAML syntax error: control characters are not allowed')
    check_config('binary', b'\x7fELF\x02\x01\x01\x00' + bytes(range(256)),
                 '.schemaguard.yml:1:1: YAML syntax error: control characters are not allowed')


def test_bom():
    """A UTF-8 byte order mark (Windows editors write one) is not content: psql, npm, Prisma and
    libyaml skip it, and editors show no column for it. It made SQL and package.json parse
    errors and moved every column of line 1 by one."""
    bom = b'\xef\xbb\xbf'
    cases = [('SQL', 'bom/sql/m.sql', b'DROP TABLE legacy;\n', 'drop-table', (1, 1)),
             ('package.json', 'bom/pkg/package.json',
              b'{"scripts": {"a": "prisma migrate reset --force"}}\n', 'destructive-cli-command',
              (1, 20)),
             ('TypeScript', 'bom/ts/a.ts', b'sequelize.sync({ force: true });\n', 'orm-force-sync',
              (1, 18)),
             ('GitLab CI', 'bom/gl/.gitlab-ci.yml',
              b'a:\n  script:\n    - npx prisma migrate reset --force\n',
              'destructive-cli-command', (3, 7)),
             ('Prisma', 'bom/prisma/schema.prisma', b'model A { id Int @id @default("x) }\n',
              'parse-error', (1, 31))]
    for kind, path, text, rule, at in cases:
        write(path, bom + text)
        found = check('byte order mark in %s' % kind, ['check', path], 1, rule, pos=at)
        if found and rule != 'parse-error' and any(f['rule'] == 'parse-error' for f in found[0]):
            fails.add('byte order mark in %s: %s' % (kind, found[0]))
    d = os.path.join(ROOT, 'config', 'bom')
    write('config/bom/.schemaguard.yml', bom + b'rules:\n  drop-table: warning\n')
    write('config/bom/m.sql', b'DROP TABLE legacy;\n')
    check('byte order mark in .schemaguard.yml', ['check', 'm.sql'], 0, 'drop-table', cwd=d)


# ---- 100 MB files ----

def test_big():
    # SQL: a bulk seed and DDL around it; the finding is on the last line.
    row = b"INSERT INTO events (id, payload) VALUES (1, '" + b'x' * 40 + b"');\n"
    n = 100 * MB // len(row)
    path = write('big/sql/big.sql', b'CREATE TABLE events (id int, payload text);\n' +
                 row * n + b'ALTER TABLE legacy DROP COLUMN payload;\n')
    r = check('100 MB SQL file', ['check', 'big/sql/big.sql'], 1, 'drop-column', pos=(n + 2, 20),
              bound=BIG_BOUND)
    if r:
        print('time: 100 MB SQL check %.2f s' % r[1])
    os.unlink(path)

    # TypeScript: a Drizzle schema of 100 MB. check gives up on the parse after its time limit
    # (a clear finding) or finds the sync at the end; diff refuses files over 8 MiB.
    line = b"export const t%d = pgTable('t%d', { id: integer('id').primaryKey() });\n"
    os.makedirs(os.path.join(ROOT, 'big/ts'))
    with open(os.path.join(ROOT, 'big/ts/schema.ts'), 'wb') as f:
        f.write(b'import { pgTable, integer } from "drizzle-orm/pg-core";\n')
        size, i = 0, 0
        while size < 100 * MB:
            chunk = b''.join(line % (k, k) for k in range(i, i + 10000))
            f.write(chunk)
            size += len(chunk)
            i += 10000
        f.write(b'await sequelize.sync({ force: true });\n')
    r = run('100 MB TypeScript file', ['check', 'big/ts/schema.ts', '--format', 'json'], ROOT,
            BIG_BOUND)
    if r:
        st, out, err, secs = r
        fs = json.loads(out)['findings'] if out else []
        if st == 1 and any(f['rule'] == 'orm-force-sync' or
                           (f['rule'] == 'parse-error' and 'took too long' in f['message'])
                           for f in fs):
            print('ok: 100 MB TypeScript file (%.2f s): %s' % (secs, fs[0]['message']))
            print('time: 100 MB TypeScript check %.2f s' % secs)
        else:
            fails.add('100 MB TypeScript file: exit %d, findings %s, stderr %s' % (st, fs, err))
    r = check('100 MB Drizzle schema (diff)', ['diff', 'big/ts/schema.ts', 'big/ts/schema.ts'], 1,
              'parse-error', 'larger than 8 MiB', (1, 1), bound=BIG_BOUND)
    if r:
        print('time: 100 MB Drizzle diff %.2f s' % r[1])
    os.unlink(os.path.join(ROOT, 'big/ts/schema.ts'))

    # Prisma: 100 MB is refused (the model would take some 3 GB); 12 MB, under the 16 MiB cap,
    # is read whole: valid models, then a string left open on the last line.
    os.makedirs(os.path.join(ROOT, 'big/prisma'))
    with open(os.path.join(ROOT, 'big/prisma/schema.prisma'), 'wb') as f:
        f.write(b'model A {\n  id Int @id\n}\n' * (100 * MB // 26))
    r = check('100 MB Prisma schema', ['check', 'big/prisma/schema.prisma'], 1, 'parse-error',
              'larger than 16 MiB', (1, 1), bound=BIG_BOUND)
    if r:
        print('time: 100 MB Prisma check %.2f s' % r[1])
    mb = 12
    model = b'model M%d {\n  id Int @id\n  name String\n  email String? @unique\n}\n\n'
    with open(os.path.join(ROOT, 'big/prisma/schema.prisma'), 'wb') as f:
        size, i = 0, 0
        while size < mb * MB:
            chunk = b''.join(model % k for k in range(i, i + 10000))
            f.write(chunk)
            size += len(chunk)
            i += 10000
        f.write(b'model Last {\n  id Int @id @default("never closed)\n}\n')
    with open(os.path.join(ROOT, 'big/prisma/schema.prisma'), 'rb') as f:
        lines = f.read().count(b'\n') - 1
    r = check('%d MB Prisma schema' % mb, ['check', 'big/prisma/schema.prisma'], 1, 'parse-error',
              'unterminated string', (lines, 23), bound=BIG_BOUND)
    if r:
        print('time: %d MB Prisma check %.2f s' % (mb, r[1]))
    os.unlink(os.path.join(ROOT, 'big/prisma/schema.prisma'))


# ---- deep nesting ----

def test_nesting():
    n = 10000
    # The statement after the one too deep is still checked.
    for depth, name in ((n, '10k'), (200000, '200k')):
        write('deep/sql%s/m.sql' % name, b'CREATE TABLE t (a int CHECK (' + b'(' * depth +
              b'a > 1' + b')' * depth + b'));\nDROP TABLE legacy;\n')
        check('SQL nested %d deep' % depth, ['check', 'deep/sql%s/m.sql' % name], 1,
              'parse-error', 'nested deeper than the PostgreSQL parser allows',
              also=(('drop-table', 2),))

    hdr = b'import { pgTable, integer } from "drizzle-orm/pg-core";\n'
    old = hdr + b'export const t = pgTable("t", { id: integer("id"), n: integer("n") });\n'
    prefix = hdr + b'export const t = pgTable("t", { id: integer("id") });\nconst x = '
    deep = prefix + b'[' * n + b']' * n + b';\nawait sequelize.sync({ force: true });\n'
    at = pos_of(deep, len(prefix) + 500)  # the 501st bracket
    write('deep/ts10k/old.ts', old)
    write('deep/ts10k/schema.ts', deep)
    check('TypeScript nested 10,000 deep (check)', ['check', 'deep/ts10k/schema.ts'], 1,
          'parse-error', 'nested more than 500 levels deep', at)
    check('TypeScript nested 10,000 deep (Drizzle diff)',
          ['diff', 'deep/ts10k/old.ts', 'deep/ts10k/schema.ts'], 1, 'parse-error',
          'nested too deep', at, file='deep/ts10k/schema.ts', absent=('drop-column',))
    for brackets, what in ((b'(', b')'), (b'{a:', b'}')):
        data = prefix + brackets * n + b'1' + what * n + b';\n'
        write('deep/ts10k-%d/a.js' % len(brackets), data)
        check('JavaScript %s nested 10,000 deep' % brackets.decode(),
              ['check', 'deep/ts10k-%d/a.js' % len(brackets)], 1, 'parse-error',
              'nested more than 500', pos_of(data, len(prefix) + 500 * len(brackets)))
    unclosed = hdr + b'export const t = ' + b'[' * 100000 + b'\n'
    write('deep/ts100k/old.ts', unclosed)
    write('deep/ts100k/new.ts', unclosed)
    check('TypeScript 100,000 unclosed (check)', ['check', 'deep/ts100k/new.ts'], 1,
          'parse-error', 'nested more than 500')
    check('TypeScript 100,000 unclosed (diff)',
          ['diff', 'deep/ts100k/old.ts', 'deep/ts100k/new.ts'], 1, 'parse-error', 'nested too deep')

    data = b'model A {\n  id Int @id @default(dbgenerated(' + b'[' * n + b']' * n + b'))\n}\n'
    write('deep/prisma/schema.prisma', data)
    check('Prisma nested 10,000 deep', ['check', 'deep/prisma/schema.prisma'], 1, 'parse-error',
          'nested more than 64 deep')
    data = b'{"scripts": {"a": ' + b'[' * n + b']' * n + b'}}\n'
    write('deep/pkg/package.json', data)
    check('package.json nested 10,000 deep', ['check', 'deep/pkg/package.json'], 1,
          'parse-error', 'not valid JSON')
    data = b'a:\n  script: ' + b'[' * n + b']' * n + b'\n'
    write('deep/gl/.gitlab-ci.yml', data)
    check('GitLab CI nested 10,000 deep', ['check', 'deep/gl/.gitlab-ci.yml'], 1, 'parse-error',
          'nested more than 64 levels', pos_of(data, data.index(b'[') + 64))
    check_config('deep', b'exclude: ' + b'[' * n + b']' * n + b'\n',
                 '.schemaguard.yml:1:74: [ ] and { } nested more than 64 levels deep')


def test_token_soup():
    """800 KB of random TypeScript tokens: tree-sitter's error recovery is slow on it, so every
    parse of it is bounded (the Drizzle frontend's was not: 11 s after the code rules' parse had
    given up at its 2 s limit; 24 s through diff)."""
    import random
    rnd = random.Random(1)
    toks = ['=>', '"', "'", '`', '/', '*', 'a', ' ', '\n', ';', ',', '.', '?', ':', 'import',
            'export', 'const', 'pgTable', '(', ')']
    hdr = 'import { pgTable } from "drizzle-orm/pg-core";\n'
    write('soup/new.ts', (hdr + ''.join(rnd.choice(toks) for _ in range(400000))).encode())
    write('soup/old.ts', (hdr + 'export const a = pgTable("a", {});\n').encode())
    check('TypeScript token soup (check)', ['check', 'soup/new.ts'], 1, 'parse-error',
          'took too long', (1, 1), bound=12)
    check('TypeScript token soup (Drizzle diff)', ['diff', 'soup/old.ts', 'soup/new.ts'], 1,
          'parse-error', 'took too long', (1, 1), file='soup/new.ts', bound=12)


# ---- unterminated strings and comments ----

SQL_OPEN = [  # (name, text after "DROP TABLE legacy;\n", message, column of the opening)
    ('string', b"SELECT 'never closed;\nDROP TABLE b;\n", 'unterminated quoted string', 8),
    ('block comment', b'/* never /* nested */ closed\nDROP TABLE b;\n',
     'unterminated /* comment', 1),
    ('dollar quote', b'DO $$ BEGIN\nDROP TABLE b;\n', 'unterminated dollar-quoted string', 4),
    ('tagged dollar quote', b'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1;\n',
     'unterminated dollar-quoted string', 36),
    ("E'' string", b"SELECT E'it\\'s never closed;\nDROP TABLE b;\n",
     'unterminated quoted string', 8),
    ("U&'' string", b"SELECT U&'never closed;\n", 'unterminated quoted string', 8),
    ("B'' string", b"SELECT B'0101;\n", 'unterminated bit string literal', 8),
    ("X'' string", b"SELECT X'0f;\n", 'unterminated hexadecimal string literal', 8),
    ('quoted identifier', b'DROP TABLE "never closed;\nDROP TABLE b;\n',
     'unterminated quoted identifier', 12),
]


def test_unterminated():
    for i, (name, text, msg, col) in enumerate(SQL_OPEN):
        path = write('open/sql%d/m.sql' % i, b'DROP TABLE legacy;\n' + text)
        check('unterminated SQL %s' % name, ['check', os.path.relpath(path, ROOT)], 1,
              'parse-error', msg, (2, col), also=(('drop-table', 1),))

    prisma = [
        ('string', b'model A {\n  id Int @id\n  name String @default("never closed)\n}\n',
         'unterminated string', (3, 24)),
        ('string at end of file', b'model A {\n  id Int @id\n  name String @default("never',
         'unterminated string', (3, 24)),
        ('datasource string', b'datasource db {\n  provider = "postgresql\n}\n',
         'unterminated string', (2, 14)),
        ("'/*' (Prisma has only // comments)",
         b'model A {\n  id Int @id\n}\n/* never closed\nmodel B {\n  id Int @id\n}\n',
         "'/*' is never closed", (4, 1)),
        ('block', b'model A {\n  id Int @id\n', "the '{' of model 'A' is never closed", (1, 9)),
    ]
    for i, (name, text, msg, at) in enumerate(prisma):
        write('open/prisma%d/schema.prisma' % i, text)
        check('unterminated Prisma %s' % name, ['check', 'open/prisma%d/schema.prisma' % i], 1,
              'parse-error', msg, at)

    code = [('string', b'const s = "never closed;\n'),
            ('template literal', b'const s = `never closed\n'),
            ('template substitution', b'const s = `never ${closed\n'),
            ('block comment', b'/* never closed\nsequelize.sync({ force: true });\n'),
            ('regex', b'const r = /never closed\n'),
            ('regex class', b'const r = /[never closed/;\n')]
    for ext in ('ts', 'js'):
        for i, (name, text) in enumerate(code):
            path = 'open/%s%d/a.%s' % (ext, i, ext)
            write(path, b'sequelize.sync({ force: true });\n' + text)
            found = check('unterminated %s %s' % (ext.upper(), name), ['check', path], 1,
                          'parse-error', 'syntax error', also=(('orm-force-sync', 1),))
            if found and not any(f['rule'] == 'parse-error' and f['line'] == 2
                                 for f in found[0]):
                fails.add('unterminated %s %s: parse error not on line 2: %s' %
                          (ext, name, found[0]))

    # jansson reports where it stopped: the line break inside the string, the '/', the last byte
    pkg = [('string', b'{"scripts": {"reset": "prisma migrate reset", "b": "never closed}}\n'),
           ('comment', b'{"scripts": {"reset": "prisma migrate reset"}} /* never closed\n'),
           ('object', b'{"scripts": {"reset": "prisma migrate reset"')]
    for i, (name, text) in enumerate(pkg):
        write('open/pkg%d/package.json' % i, text)
        at = text.index(b'\n') - 1 if name == 'string' else \
            text.index(b'/') if name == 'comment' else len(text) - 1
        check('unterminated package.json %s' % name, ['check', 'open/pkg%d/package.json' % i], 1,
              'parse-error', 'not valid JSON', pos_of(text, at),
              absent=('destructive-cli-command',))

    # Shell-like kinds: a quote left open is an error where it opens (the shell stops there),
    # commands before it are still reported, and the words after it are never commands.
    reset = b'prisma migrate reset --force\n'
    push = b'prisma db push --force-reset\n'
    shells = [('shell', 'deploy.sh', b'#!/bin/sh\n' + reset, 2, [
                  ('double quote', b'echo "never closed\n' + push, b'"'),
                  ('single quote', b"echo 'never closed\n" + push, b"'"),
                  ("ANSI-C $'' quote", b"echo $'it\\'s never closed\n" + push, b"'"),
                  ('command substitution', b'echo $(echo "never closed\n' + push, b'"'),
                  ('backquote', b'echo `echo "never closed\n' + push, b'"'),
                  ('heredoc', b'cat <<EOF\n' + push, None)]),
              ('Dockerfile', 'Dockerfile', b'FROM node\nRUN npx ' + reset, 2, [
                  ('double quote', b'RUN echo "never closed \\\nnpx ' + push, b'"'),
                  ('continuation', b'RUN echo \\\n', None),
                  ('heredoc', b'RUN <<EOF\nnpx ' + push, None)]),
              ('Procfile', 'Procfile', b'release: npx ' + reset, 1, [
                  ('double quote', b'web: echo "never closed\n', b'"'),
                  ('single quote', b"web: echo 'never closed\n", b"'")])]
    for kind, name, first, line, opens in shells:
        for i, (what, text, quote) in enumerate(opens):
            path = 'open/%s%d/%s' % (kind, i, name)
            data = first + text
            write(path, data)
            if quote:
                at = pos_of(data, len(first) + text.index(quote, 5 if b"$'" in text else 0))
                found = check('unterminated %s %s' % (kind, what), ['check', path], 1,
                              'parse-error', 'unterminated string: this %s is never closed' %
                              quote.decode(), at, also=(('destructive-cli-command', line),))
            else:
                found = check('unterminated %s %s' % (kind, what), ['check', path], 1,
                              'destructive-cli-command', 'prisma migrate reset',
                              absent=('parse-error',))
            if found and any('db push' in f['message'] for f in found[0]):
                fails.add('unterminated %s %s: a word inside the open quote was read as a '
                          'command: %s' % (kind, what, found[0]))
    # A Dockerfile instruction ends at its line: the next one is read whatever the quotes.
    docker = [('double quote', b'RUN echo "never closed\nRUN npx ' + push),
              ('exec form', b'CMD ["node", "never closed\nRUN npx ' + push)]
    for i, (what, text) in enumerate(docker):
        path = 'open/Dockerfile-next%d/Dockerfile' % i
        data = b'FROM node\nRUN npx ' + reset + text
        write(path, data)
        check('unterminated Dockerfile %s, next instruction' % what, ['check', path], 1,
              'destructive-cli-command', 'db push --force-reset', (4, 5),
              also=(('destructive-cli-command', 2), ('parse-error', 3)))

    yamls = [('GitHub workflow', '.github/workflows/ci.yml',
              b'on: push\njobs:\n  a:\n    steps:\n      - run: npx ' + reset, [
                  ('double quote', b'      - run: "never closed\n', (6, 14)),
                  ('single quote', b"      - run: 'never closed\n", (6, 14)),
                  ('flow sequence', b'      - run: [never closed\n', (6, 14))]),
             ('GitLab CI', '.gitlab-ci.yml', b'a:\n  script:\n    - npx ' + reset, [
                  ('double quote', b'    - "never closed\n', (4, 7)),
                  ('single quote', b"    - 'never closed\n", (4, 7)),
                  ('flow mapping', b'    - {never: closed\n', (4, 7))])]
    for kind, name, first, opens in yamls:
        for i, (what, text, at) in enumerate(opens):
            path = 'open/%s%d/%s' % (kind.replace(' ', ''), i, name)
            write(path, first + text)
            check('unterminated %s %s' % (kind, what), ['check', path], 1, 'parse-error',
                  'YAML syntax error', at)
    # A quote inside a block scalar is shell text, not YAML: the command is still found.
    path = 'open/gh-block/.github/workflows/ci.yml'
    write(path, b'on: push\njobs:\n  a:\n    steps:\n      - run: |\n          npx ' + reset +
          b'          echo "never closed\n')
    check('GitHub workflow: open quote in a run block', ['check', path], 1,
          'destructive-cli-command', pos=(6, 11))

    check_config('open-double-quote', b'rules:\n  drop-table: "warning\n',
                 '.schemaguard.yml:2:15: YAML syntax error: found unexpected end of stream '
                 'while scanning a quoted scalar')
    check_config('open-single-quote', b"exclude:\n  - 'vendor/**\n",
                 '.schemaguard.yml:2:5: YAML syntax error: found unexpected end of stream while '
                 'scanning a quoted scalar')


# ---- the language server ----

def frame(body):
    return b'Content-Length: %d\r\n\r\n' % len(body) + body


INIT = frame(b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}')
SHUTDOWN = frame(b'{"jsonrpc":"2.0","id":2,"method":"shutdown"}')


def test_lsp():
    late = b'{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
    cases = [
        ('frame cut inside its body', b'Content-Length: 50\r\n\r\n{"jsonrpc"',
         'truncated frame: Content-Length 50 but input ended after 10 bytes'),
        ('Content-Length larger than the body', b'Content-Length: %d\r\n\r\n' %
         (len(late) + 100) + late,
         'truncated frame: Content-Length %d but input ended after %d bytes' %
         (len(late) + 100, len(late))),
        ('header without the blank line', b'Content-Length: 10\r\n',
         'input ended inside a frame header (20 bytes)'),
        ('header line cut', b'Content-Length: 10', 'input ended inside a frame header (18 bytes)'),
        ('header block without Content-Length', b'Content-Type: x\r\n\r\n',
         'frame without a Content-Length header'),
        ('oversized Content-Length', b'Content-Length: 99999999999\r\n\r\n{"jsonrpc"',
         'Content-Length 99999999999 exceeds'),
    ]
    for name, tail, want in cases:
        for shutdown in (False, True):
            label = 'LSP %s, then end of input%s' % (name, ' after shutdown' if shutdown else '')
            r = run(label, ['lsp'], ROOT, SMALL_BOUND,
                    stdin=INIT + (SHUTDOWN if shutdown else b'') + tail)
            if r is None:
                continue
            st, out, err, secs = r
            want_st = 0 if shutdown else 1
            problems = []
            if st != want_st:
                problems.append('exit %d, expected %d' % (st, want_st))
            if want not in err:
                problems.append('stderr %r does not say %r' % (err, want))
            if not shutdown and 'end of input without shutdown' not in err:
                problems.append('stderr %r does not explain the status' % err)
            if '"id":1,"result"' not in out.replace(' ', ''):
                problems.append('no initialize result before the bad frame: %r' % out[:300])
            if '"id":3' in out:
                problems.append('answered the request of a truncated frame: %r' % out[-300:])
            if problems:
                fails.add('%s: %s' % (label, '; '.join(problems)))
            else:
                print('ok: %s (%.2f s)' % (label, secs))


    # A body nested 100,000 deep: a JSON-RPC parse error, and the server goes on.
    deep = frame(b'{"jsonrpc":"2.0","id":5,"method":"x","params":' + b'[' * 100000 +
                 b']' * 100000 + b'}')
    r = run('LSP body nested 100,000 deep', ['lsp'], ROOT, SMALL_BOUND,
            stdin=INIT + deep + SHUTDOWN + frame(b'{"jsonrpc":"2.0","method":"exit"}'))
    if r:
        st, out, err, secs = r
        flat = out.replace(' ', '')
        if st != 0 or '"code":-32700' not in flat or 'maximum parsing depth' not in err or \
                '"id":2,"result":null' not in flat:
            fails.add('LSP body nested 100,000 deep: exit %d, output %r, stderr %r' %
                      (st, out[-400:], err[-400:]))
        else:
            print('ok: LSP body nested 100,000 deep (%.2f s)' % secs)

    # A NUL byte in an editor buffer (JSON "\u0000"): a diagnostic at the NUL, then a clean exit.
    root = os.path.join(ROOT, 'lsp-nul')
    os.makedirs(os.path.join(root, 'migrations'))
    text = 'DROP TABLE a;\n' + '-- padding\n' * 1000 + 'DROP\u0000 TABLE b;\n'
    uri = 'file://' + os.path.join(root, 'migrations', '001_a.sql')
    opened = frame(json.dumps({'jsonrpc': '2.0', 'method': 'textDocument/didOpen', 'params': {
        'textDocument': {'uri': uri, 'languageId': 'sql', 'version': 1, 'text': text}}}).encode())
    r = run('LSP buffer with a NUL byte', ['lsp'], root, SMALL_BOUND,
            stdin=INIT + opened + SHUTDOWN + frame(b'{"jsonrpc":"2.0","method":"exit"}'))
    if r:
        st, out, err, secs = r
        if st != 0 or 'NUL byte' not in out or '"line":1001,"character":4' not in \
                out.replace(' ', ''):
            fails.add('LSP buffer with a NUL byte: exit %d, output %r, stderr %r' %
                      (st, out[-600:], err))
        else:
            print('ok: LSP buffer with a NUL byte (%.2f s)' % secs)


# ---- configuration ----

def test_config():
    check_config('tabs', b'rules:\n\tdrop-table: warning\n',
                 '.schemaguard.yml:2:1: YAML syntax error: found character that cannot start '
                 'any token')
    check_config('open-bracket', b'exclude: [a, b\n',
                 ".schemaguard.yml:1:10: YAML syntax error: did not find expected ',' or ']' "
                 'while parsing a flow sequence')
    check_config('open-brace', b'rules: {drop-table: warning\nexclude: [a]\n',
                 ".schemaguard.yml:2:8: YAML syntax error: did not find expected ',' or '}' "
                 'while parsing a flow mapping')
    check_config('string', b'just a string\n', '.schemaguard.yml:1:1: the configuration is a '
                 'mapping (rules:, exclude:, ...), not a single value')
    check_config('number', b'42\n', '.schemaguard.yml:1:1: the configuration is a mapping '
                 '(rules:, exclude:, ...), not a single value')
    check_config('list', b'- rules\n- exclude\n', '.schemaguard.yml:1:1: the configuration is a '
                 'mapping (rules:, exclude:, ...), not a list')
    check_config('unknown-key', b'rules:\n  drop-table: warning\nfrobnicate: true\n',
                 ".schemaguard.yml:3:1: unknown key 'frobnicate' (rules, migrations, schemas, "
                 'paths, exclude, base, custom-rules)')
    check_config('unknown-rule', b'rules:\n  drop-tabel: warning\n',
                 ".schemaguard.yml:2:3: unknown rule 'drop-tabel' (see 'schemaguard rules')")
    check_config('two-documents', b'rules: {}\n---\nrules: {}\n',
                 '.schemaguard.yml:3:1: one YAML document expected, found a second one')
    check_config('empty', b'', None, status=0)
    check_config('comment-only', b'# nothing here\n', None, status=0)


# ---- files that cannot be read, options ----

def test_files():
    write('misc/empty.sql', b'')
    check('empty file', ['check', 'misc/empty.sql'], 0)

    fifo = os.path.join(ROOT, 'misc', 'pipe.sql')
    os.mkfifo(fifo)
    check('FIFO', ['check', 'misc/pipe.sql'], 2, stderr='not a regular file')
    os.unlink(fifo)

    # Symlinks back up the tree: each directory is walked once (this hung: the links branch at
    # every level, 2^64 walks within the depth limit).
    write('loop/a/m.sql', b'DROP TABLE legacy;\n')
    for name, target in (('up', '..'), ('self', '../a'), ('top', '../../loop')):
        os.symlink(target, os.path.join(ROOT, 'loop', 'a', name))
    found = check('symlink loops', ['check', 'loop'], 1, 'drop-table', file='loop/a/m.sql')
    if found and len(found[0]) != 1:
        fails.add('symlink loops: the file was read more than once: %s' % found[0])

    check('missing path', ['check', 'no/such/dir'], 2, stderr="cannot open 'no/such/dir'")
    check('unknown option', ['check', '--frobnicate'], 2, stderr='unknown option')
    check('bad --rule', ['check', '--rule', 'no-such-rule=error', 'misc/empty.sql'], 2,
          stderr="unknown rule 'no-such-rule'")

    # Unreadable: root reads anything, so the check runs as nobody when we are root.
    write('secret/secret.sql', b'DROP TABLE a;\n')
    os.chmod(os.path.join(ROOT, 'secret', 'secret.sql'), 0)
    for d in (ROOT, os.path.join(ROOT, 'secret')):
        os.chmod(d, 0o755)
    if os.geteuid() == 0:
        p = subprocess.run(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups',
                            sgtest.binary(), 'check', 'secret/secret.sql'], cwd=ROOT,
                           capture_output=True, timeout=SMALL_BOUND)
        status, err = p.returncode, p.stderr.decode()
    else:
        status, _, err = sgtest.run(['check', 'secret/secret.sql'], cwd=ROOT)
    if status != 2 or 'Permission denied' not in err:
        fails.add('unreadable file: exit %d, stderr %r' % (status, err))
    else:
        print('ok: unreadable file')

    # An unreadable directory inside the one named: the rest is checked, and the skipped
    # directory is said (in the text summary, and on stderr for the other formats).
    write('lockdir/m/001_a.sql', b'DROP TABLE a;\n')
    write('lockdir/m/locked/002_b.sql', b'DROP TABLE b;\n')
    os.chmod(os.path.join(ROOT, 'lockdir', 'm', 'locked'), 0)
    for d in ('lockdir', 'lockdir/m'):
        os.chmod(os.path.join(ROOT, d), 0o755)
    for fmt, stream in (('text', 'stdout'), ('json', 'stderr')):
        cmd = [sgtest.binary(), 'check', 'lockdir/m', '--format', fmt]
        if os.geteuid() == 0:
            cmd = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] + cmd
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=SMALL_BOUND)
        said = (p.stdout if stream == 'stdout' else p.stderr).decode()
        want = "warning: cannot read directory 'lockdir/m/locked': Permission denied"
        if p.returncode != 1 or want not in said or 'drop-table' not in p.stdout.decode():
            fails.add('unreadable subdirectory (%s): exit %d, %s %r' %
                      (fmt, p.returncode, stream, said))
        else:
            print('ok: unreadable subdirectory (%s): %s' % (fmt, want))
    os.chmod(os.path.join(ROOT, 'lockdir', 'm', 'locked'), 0o755)


# ---- many findings ----

def test_many():
    """Statements by the hundred thousand, and tens of thousands on one line: each step that
    looked back over every earlier change, every finding's column counted from the start of
    its line, and SARIF fingerprints hashing that line each time made these quadratic (200,000
    DROP TABLE: 3 minutes; 20,000 on one line: 24 s)."""
    n = 200000
    write('many/lines/m.sql', b''.join(b'DROP TABLE t%d;\n' % i for i in range(n)))
    r = run('%d statements' % n, ['check', 'many/lines/m.sql', '--format', 'json'], ROOT, 60)
    if r:
        st, out, err, secs = r
        fs = json.loads(out)['findings'] if st == 1 else []
        if len(fs) != n or (fs[-1]['line'], fs[-1]['column']) != (n, 1):
            fails.add('%d statements: exit %d, %d findings, last %s' %
                      (n, st, len(fs), fs[-1:] if fs else err))
        else:
            print('ok: %d DROP TABLE statements (%.2f s)' % (n, secs))

    # One line, with characters of 2 and 4 UTF-8 bytes (1 and 2 UTF-16 units) before each.
    n = 50000
    stmts = [('DROP TABLE "t\u00e9\U0001F600%d"; ' % i).encode() for i in range(n)]
    data = b''.join(stmts)
    write('many/one-line/m.sql', data)
    want = {i: pos_of(data, sum(len(x) for x in stmts[:i])) for i in (0, 1, 777, n - 1)}
    for fmt in ('json', 'sarif'):
        r = run('%d statements on one line (%s)' % (n, fmt),
                ['check', 'many/one-line/m.sql', '--format', fmt], ROOT, SMALL_BOUND)
        if not r:
            continue
        st, out, err, secs = r
        doc = json.loads(out) if st == 1 else {}
        if fmt == 'json':
            got = [(f['line'], f['column']) for f in doc.get('findings', [])]
        else:
            res = doc['runs'][0]['results'] if doc else []
            got = [(x['locations'][0]['physicalLocation']['region']['startLine'],
                    x['locations'][0]['physicalLocation']['region']['startColumn'])
                   for x in res]
            fps = {x['partialFingerprints'][k] for x in res for k in x['partialFingerprints']}
            if len(fps) < n:
                fails.add('%d statements on one line: %d distinct fingerprints' % (n, len(fps)))
        if len(got) != n or any(got[i] != want[i] for i in want):
            fails.add('%d statements on one line (%s): exit %d, %d findings, columns %s, '
                      'expected %s' % (n, fmt, st, len(got),
                                       [got[i] for i in want if i < len(got)], want))
        else:
            print('ok: %d statements on one line, %s, UTF-16 columns (%.2f s)' % (n, fmt, secs))


def main():
    global ROOT
    with tempfile.TemporaryDirectory() as d:
        ROOT = d
        test_encodings()
        test_bom()
        test_nesting()
        test_token_soup()
        test_unterminated()
        test_lsp()
        test_config()
        test_files()
        test_many()
        test_big()
    fails.finish('bad input: every case gave a clear finding or error in bounded time')


if __name__ == '__main__':
    main()
