#!/usr/bin/env python3
"""Differential test of the Drizzle frontend against drizzle-kit itself (issue 5, item 8).

For each fixtures/drizzle/differential/<case>/{old.ts,new.ts}, in a temporary directory:
  1. `drizzle-kit generate` from old.ts, then from new.ts (with a drizzle.config.ts written here;
     drizzle-kit evaluates the fixture schema, which is fine in a test: the product itself
     never runs user code), so the second migration is the SQL drizzle-kit would apply;
  2. `schemaguard diff old.ts new.ts` (the Drizzle frontend and the schema diff) and
     `schemaguard check <migrations dir>` (the SQL frontend on drizzle-kit's SQL)
must report the same set of rule ids. Both lists are printed for every case.

Then each fixtures/drizzle/<name>/drizzle-kit-snapshot.json (the snapshot tests/test_drizzle.c
compares the Drizzle frontend's model with) is regenerated from its schema and must be unchanged,
so those committed snapshots stay what this pinned drizzle-kit computes.

The cases only hold changes drizzle-kit applies without an interactive question (drops, type
changes, new columns, enum values; never a drop and an add in one table, which it asks about).
drizzle-kit and drizzle-orm come from tests/drizzle_kit (pinned by its lockfile, installed by
`scripts/setup.sh --test-tools`); nothing here touches the network. Skips, with a message, when
node or those packages are missing.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sgtest  # noqa: E402

ROOT = os.environ.get('SG_SOURCE_ROOT') or os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))
KIT = os.path.join(ROOT, 'tests', 'drizzle_kit')
CASES = os.path.join(ROOT, 'fixtures', 'drizzle', 'differential')
META = {'parse-error', 'unused-suppression'}
# The rules whose sources include D (Drizzle schema diff) in RULES.md: only these can agree;
# SQL-only rules (create-index-non-concurrently, ...) are printed but not compared.
DRIZZLE_RULES = {'drop-table', 'drop-column', 'rename-without-copy', 'change-column-type',
                 'drop-enum-value', 'add-required-column', 'set-not-null'}

# Disagreements understood and reported, as (Drizzle diff ids, SQL lint ids, why). A case listed
# here fails when its outcome changes, agreement included, so the entry gets removed.
KNOWN = {}  # case -> (diff ids, SQL ids, why): none at present

CONFIG = '''import { defineConfig } from "drizzle-kit";
export default defineConfig({
  schema: "./schema.ts",
  out: "./migrations",
  dialect: "postgresql",%s
});
'''


def generate(d, name):
    """Runs drizzle-kit generate in d; returns the new migration's path (or None: no change)."""
    before = set(os.listdir(os.path.join(d, 'migrations'))) \
        if os.path.isdir(os.path.join(d, 'migrations')) else set()
    env = dict(os.environ, NO_COLOR='1', FORCE_COLOR='0', DO_NOT_TRACK='1')
    p = subprocess.run([os.path.join(KIT, 'node_modules', '.bin', 'drizzle-kit'), 'generate',
                        '--name', name], cwd=d, capture_output=True, timeout=120, env=env,
                       stdin=subprocess.DEVNULL)
    out = p.stdout.decode('utf-8', 'replace') + p.stderr.decode('utf-8', 'replace')
    if p.returncode != 0:
        raise AssertionError('drizzle-kit generate (%s) failed:\n%s' % (name, out))
    new = sorted(set(os.listdir(os.path.join(d, 'migrations'))) - before)
    sql = [n for n in new if n.endswith('.sql')]
    return os.path.join(d, 'migrations', sql[0]) if sql else None


def rule_ids(args, cwd):
    _, findings = sgtest.findings(args, cwd=cwd)
    return sorted({f['rule'] for f in findings if f['rule'] not in META}), findings


def run_case(case, fails):
    old = os.path.join(CASES, case, 'old.ts')
    new = os.path.join(CASES, case, 'new.ts')
    with tempfile.TemporaryDirectory(prefix='sg-drizzle-') as d:
        os.symlink(os.path.join(KIT, 'node_modules'), os.path.join(d, 'node_modules'))
        # drizzle-kit reads casing from its config; the schema shows it in its drizzle() call
        casing = '\n  casing: "snake_case",' if 'casing: "snake_case"' in open(new).read() else ''
        with open(os.path.join(d, 'drizzle.config.ts'), 'w') as f:
            f.write(CONFIG % casing)
        shutil.copyfile(old, os.path.join(d, 'schema.ts'))
        first = generate(d, 'old')
        if not first:
            fails.add('%s: drizzle-kit generated nothing for old.ts' % case)
            return
        shutil.copyfile(new, os.path.join(d, 'schema.ts'))
        second = generate(d, 'new')
        if not second:
            fails.add('%s: drizzle-kit generated nothing for new.ts' % case)
            return
        sql = open(second).read()
        from_diff, diff_findings = rule_ids(['diff', old, new], cwd=d)
        all_sql, sql_findings = rule_ids(['check', os.path.join(d, 'migrations')], cwd=d)
        from_sql = [r for r in all_sql if r in DRIZZLE_RULES]
        sql_only = [r for r in all_sql if r not in DRIZZLE_RULES]
        problems = [f for f in diff_findings + sql_findings if f['rule'] == 'parse-error']
        print('== %s' % case)
        print('   drizzle-kit SQL: %s' % ' | '.join(
            s.strip() for s in sql.split('--> statement-breakpoint') if s.strip()))
        print('   schemaguard diff old.ts new.ts : %s' % (', '.join(from_diff) or '(none)'))
        print('   schemaguard check migrations/  : %s%s' % (
            ', '.join(from_sql) or '(none)',
            ' (SQL-only, not compared: %s)' % ', '.join(sql_only) if sql_only else ''))
        if problems:
            fails.add('%s: parse errors: %s' % (case, problems))
        if case in KNOWN:
            want_diff, want_sql, why = KNOWN[case]
            if (from_diff, from_sql) == (want_diff, want_sql):
                print('   KNOWN DISAGREEMENT: %s' % why)
            else:
                fails.add('%s: the outcome changed from the known disagreement %s vs %s (%s): '
                          'update KNOWN' % (case, want_diff, want_sql, why))
        elif from_diff != from_sql:
            fails.add('%s: the Drizzle diff and the SQL lint disagree: %s vs %s' %
                      (case, from_diff, from_sql))


def portable(text):
    """A schema with Payload's re-exports of drizzle-orm pointed at drizzle-orm itself (the same
    modules; @payloadcms/db-postgres is not installed here)."""
    text = re.sub(r"^import type \{\} from '@payloadcms/db-postgres'\n", '', text, flags=re.M)
    text = re.sub(r"^declare module '@payloadcms/db-postgres' \{.*", '', text, flags=re.M | re.S)
    return text.replace('@payloadcms/db-postgres/drizzle/pg-core', 'drizzle-orm/pg-core') \
        .replace("'@payloadcms/db-postgres/drizzle'", "'drizzle-orm'")


def check_snapshot(snap_path, fails):
    d = os.path.dirname(snap_path)
    schemas = [n for n in os.listdir(d) if n.endswith('.ts')]
    name = os.path.relpath(snap_path, os.path.join(ROOT, 'fixtures', 'drizzle'))
    if len(schemas) != 1:
        fails.add('%s: expected one schema .ts beside it, found %s' % (name, schemas))
        return
    text = open(os.path.join(d, schemas[0])).read()
    with tempfile.TemporaryDirectory(prefix='sg-drizzle-') as t:
        os.symlink(os.path.join(KIT, 'node_modules'), os.path.join(t, 'node_modules'))
        casing = '\n  casing: "snake_case",' if 'casing: "snake_case"' in text else ''
        with open(os.path.join(t, 'drizzle.config.ts'), 'w') as f:
            f.write(CONFIG % casing)
        with open(os.path.join(t, 'schema.ts'), 'w') as f:
            f.write(portable(text))
        generate(t, 'snapshot')
        got = json.load(open(os.path.join(t, 'migrations', 'meta', '0000_snapshot.json')))
    want = json.load(open(snap_path))
    keys = ('tables', 'enums', 'schemas')
    same = all(got.get(k) == want.get(k) for k in keys)
    print('== %s: %s' % (name, 'drizzle-kit computes the same tables, enums and schemas' if same
                          else 'DIFFERS from what drizzle-kit computes now'))
    if not same:
        fails.add('%s is stale: regenerate it with drizzle-kit generate (%s)' % (name, schemas[0]))


def main():
    if not shutil.which('node'):
        sgtest.skip('node is not installed: the drizzle-kit differential test needs it')
    if not os.path.exists(os.path.join(KIT, 'node_modules', 'drizzle-kit', 'bin.cjs')) or \
            not os.path.exists(os.path.join(KIT, 'node_modules', 'drizzle-orm', 'package.json')):
        sgtest.skip('tests/drizzle_kit/node_modules is missing: run scripts/setup.sh --test-tools')
    fails = sgtest.Failures()
    cases = sorted(os.listdir(CASES))
    for case in cases:
        try:
            run_case(case, fails)
        except (AssertionError, subprocess.TimeoutExpired) as e:
            fails.add('%s: %s' % (case, e))
    snaps = sorted(glob.glob(os.path.join(ROOT, 'fixtures', 'drizzle', '*',
                                          'drizzle-kit-snapshot.json')))
    for snap in snaps:
        try:
            check_snapshot(snap, fails)
        except (AssertionError, subprocess.TimeoutExpired) as e:
            fails.add('%s: %s' % (snap, e))
    known = len([c for c in cases if c in KNOWN])
    fails.finish('%d schema version pairs: the Drizzle diff and the lint of drizzle-kit\'s SQL '
                 'agree on rule ids, except %d known disagreement(s) shown above; %d committed '
                 'snapshots are current' % (len(cases), known, len(snaps)))


if __name__ == '__main__':
    main()
