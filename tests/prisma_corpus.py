#!/usr/bin/env python3
"""The Prisma frontend over ../shared/corpus:

1. every *.prisma file parses with no parse-error (`check FILE`);
2. the consecutive versions of history/triggerdotdev__trigger.dev are diffed (`diff N-1 N`) with
   no crash, and the findings of each pair are printed; the six DDL-neutral commits named in the
   history's SOURCE.md (doc comments, a field renamed with @map to the same column, formatting,
   generator settings) must give no finding at all;
3. for each version whose commit added migrations, the rule ids of the Prisma diff are compared
   with those of the added migration.sql files linted against the migrations that existed before
   (the corpus holds the whole migrations directory): the differences are listed, not failed —
   a migration is hand-editable and the schema diff cannot see data steps, so some differences
   are expected (see the explanations printed with them).
Skips visibly without ../shared."""
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sgtest  # noqa: E402

HISTORY = 'history/triggerdotdev__trigger.dev'
MIGRATIONS = 'triggerdotdev__trigger.dev/internal-packages/database/prisma/migrations'
DDL_NEUTRAL = {'001', '015', '017', '019', '021', '028'}
# Rules whose sources include P (RULES.md); only these can be compared.
P_RULES = {'drop-table', 'drop-column', 'rename-without-copy', 'change-column-type',
           'drop-enum-value', 'add-required-column', 'set-not-null'}


def prisma_files(root):
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if f.endswith('.prisma'):
                yield os.path.join(d, f)


def json_findings(args, cwd=None):
    status, out, err = sgtest.run(list(args) + ['--format', 'json', '--fail-on', 'never'],
                                  cwd=cwd, timeout=300)
    if status != 0:
        return None, 'exited %d: %s' % (status, err.strip())
    return json.loads(out)['findings'], None


def added_migrations(sql_path):
    """The migration directory names a history .migration.sql file collects, in order."""
    return re.findall(r'^-- corpus: migration (\S+)$', open(sql_path, encoding='utf-8').read(),
                      re.M)


def sql_rule_ids(corpus, versions, n, tmp):
    """Lints the migrations added by version n against every migration that existed at that
    commit (the HEAD migrations directory minus those added by later versions)."""
    later = set()
    for m, (_, sql) in versions.items():
        if m > n and sql:
            later.update(added_migrations(sql))
    mine = added_migrations(versions[n][1])
    src = os.path.join(corpus, MIGRATIONS)
    d = os.path.join(tmp, n, 'migrations')
    os.makedirs(d)
    for name in os.listdir(src):
        if name not in later and os.path.isdir(os.path.join(src, name)):
            os.symlink(os.path.join(src, name), os.path.join(d, name))
    missing = [m for m in mine if not os.path.isdir(os.path.join(d, m))]
    if missing:
        return None, 'migrations not in the corpus directory: %s' % missing
    findings, err = json_findings(['check'] + [os.path.join(d, m, 'migration.sql') for m in mine])
    if err:
        return None, err
    return findings, None


def main():
    corpus = sgtest.corpus_or_skip('Prisma corpus test')
    fails = sgtest.Failures()

    # 1. every schema parses
    files = list(prisma_files(corpus))
    print('%d .prisma files in the corpus' % len(files))
    for path in files:
        findings, err = json_findings(['check', path])
        if err:
            fails.add('check %s %s' % (path, err))
            continue
        for f in findings:
            if f['rule'] == 'parse-error':
                fails.add('%s:%d:%d: %s' % (path, f['line'], f['column'], f['message']))

    # 2. the history, version by version
    hist = os.path.join(corpus, HISTORY)
    versions = {}
    for name in sorted(os.listdir(hist)):
        m = re.match(r'^(\d{3})-[0-9a-f]+\.(prisma|migration\.sql)$', name)
        if m:
            entry = versions.setdefault(m.group(1), [None, None])
            entry[0 if m.group(2) == 'prisma' else 1] = os.path.join(hist, name)
    order = sorted(v for v in versions if versions[v][0])
    print('%d schema versions in %s' % (len(order), HISTORY))
    prisma_ids = {}
    for prev, cur in zip(order, order[1:]):
        findings, err = json_findings(['diff', versions[prev][0], versions[cur][0]])
        if err:
            fails.add('diff %s %s %s' % (prev, cur, err))
            continue
        ids = sorted({f['rule'] for f in findings})
        prisma_ids[cur] = set(ids)
        print('%s -> %s: %d finding(s) %s' % (prev, cur, len(findings), ids))
        for f in findings:
            print('    %s:%d:%d %s: %s' % (os.path.basename(f['file']), f['line'], f['column'],
                                          f['rule'], f['message']))
            if f['rule'] == 'parse-error':
                fails.add('%s: %s' % (cur, f['message']))
        if cur in DDL_NEUTRAL and findings:
            fails.add('%s is a DDL-neutral commit but the diff reports %s' % (cur, ids))

    # 3. the Prisma diff against the migration.sql of the same commit
    print('\nPrisma diff vs the migrations added by the same commit (P rules only):')
    ndiff = 0
    with tempfile.TemporaryDirectory() as tmp:
        for cur in order[1:]:
            if not versions[cur][1] or cur not in prisma_ids:
                continue
            findings, err = sql_rule_ids(corpus, versions, cur, tmp)
            if err:
                fails.add('%s: linting its migrations %s' % (cur, err))
                continue
            sql = {f['rule'] for f in findings if f['rule'] in P_RULES}
            pr = prisma_ids[cur] & P_RULES
            others = sorted({f['rule'] for f in findings} - P_RULES)
            if sql == pr:
                print('  %s: same %s (the SQL also reports %s, rules a schema diff cannot see)'
                      % (cur, sorted(pr), others) if others else '  %s: same %s' % (cur, sorted(pr)))
                continue
            ndiff += 1
            print('  %s: prisma %s, sql %s; only prisma %s, only sql %s' %
                  (cur, sorted(pr), sorted(sql), sorted(pr - sql), sorted(sql - pr)))
            for f in findings:
                if f['rule'] in sql - pr:
                    print('      sql %s:%d %s: %s' % (os.path.basename(os.path.dirname(f['file'])),
                                                     f['line'], f['rule'], f['message']))
    print('%d version(s) where the two differ' % ndiff)
    fails.finish('%d schemas parse; %d version pairs diffed' % (len(files), len(prisma_ids)))


if __name__ == '__main__':
    main()
