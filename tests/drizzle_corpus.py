#!/usr/bin/env python3
"""The Drizzle diff on real schema histories: ../shared/corpus holds drizzle-kit's snapshots
(meta/NNNN_snapshot.json) and the SQL migration drizzle-kit wrote between each two of them, but
not the schema modules themselves. For each consecutive pair of snapshots this test writes the
Drizzle schema module each snapshot describes (pgTable/pgSchema/pgEnum with the builder and
modifiers for every column), then checks that

    schemaguard diff before.ts after.ts          (the Drizzle frontend and the schema diff)
    schemaguard check <migrations>/NNNN_x.sql    (the SQL frontend, with its predecessors)

report the same rule ids, printing both for every step. Steps whose migration was edited by
hand (a backfill, a data fix: more than drizzle-kit's own statements) are listed in KNOWN with
the reason. Skips, with a message, without ../shared.
"""
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sgtest  # noqa: E402

META = {'parse-error', 'unused-suppression'}
# The rules whose sources include D (Drizzle schema diff) in RULES.md: only these can agree;
# SQL-only rules (create-index-non-concurrently, ...) are printed but not compared.
DRIZZLE_RULES = {'drop-table', 'drop-column', 'rename-without-copy', 'change-column-type',
                 'drop-enum-value', 'add-required-column', 'set-not-null'}

# (history directory, migration tag) -> (diff ids, SQL ids, why): understood differences.
KNOWN = {}

SIMPLE = {
    'text': 'text', 'uuid': 'uuid', 'boolean': 'boolean', 'integer': 'integer',
    'smallint': 'smallint', 'serial': 'serial', 'bigserial': 'bigserial',
    'smallserial': 'smallserial', 'jsonb': 'jsonb', 'json': 'json', 'date': 'date',
    'interval': 'interval', 'real': 'real', 'double precision': 'doublePrecision',
    'bytea': 'bytea', 'inet': 'inet',
}


def ident(name):
    return re.sub(r'\W', '_', name)


def builder(col, enums):
    """The builder call for a snapshot column, or None for a type with no pg-core builder."""
    t = col['type']
    dims = 0
    while t.endswith('[]'):
        t, dims = t[:-2], dims + 1
    name = json.dumps(col['name'])
    key = (col.get('typeSchema') or 'public', t)
    if key in enums:
        call = '%s(%s)' % (enums[key], name)
    else:
        m = re.match(r'^([a-z ]+?)\s*(?:\(([\d, ]+)\))?( with time zone)?$', t)
        if not m:
            return None
        base, mods, tz = m.group(1), m.group(2), m.group(3)
        nums = [int(x) for x in mods.split(',')] if mods else []
        if base == 'timestamptz':
            base, tz = 'timestamp', ' with time zone'
        if base in SIMPLE and not nums and not tz:
            call = '%s(%s)' % (SIMPLE[base], name)
            if base in ('bigint', 'bigserial'):
                call = '%s(%s, { mode: "number" })' % (SIMPLE[base], name)
        elif base == 'bigint':
            call = 'bigint(%s, { mode: "number" })' % name
        elif base in ('varchar', 'char') and len(nums) <= 1:
            call = '%s(%s%s)' % (base, name, ', { length: %d }' % nums[0] if nums else '')
        elif base == 'numeric' and len(nums) <= 2:
            cfg = ['precision: %d' % nums[0]] if nums else []
            if len(nums) == 2:
                cfg.append('scale: %d' % nums[1])
            call = 'numeric(%s%s)' % (name, ', { %s }' % ', '.join(cfg) if cfg else '')
        elif base in ('timestamp', 'time') and len(nums) <= 1:
            cfg = (['withTimezone: true'] if tz else []) + \
                (['precision: %d' % nums[0]] if nums else [])
            call = '%s(%s%s)' % (base, name, ', { %s }' % ', '.join(cfg) if cfg else '')
        else:
            return None
    call += '.array()' * dims
    if col.get('primaryKey'):
        call += '.primaryKey()'
    if col.get('notNull') and not col.get('primaryKey'):
        call += '.notNull()'
    if 'default' in col:
        call += '.default(sql`%s`)' % str(col['default']).replace('`', '\\`')
    if col.get('identity'):
        call += '.generatedByDefaultAsIdentity()'
    if col.get('generated'):
        call += '.generatedAlwaysAs(sql`%s`)' % col['generated']['as'].replace('`', '\\`')
    return call


def schema_module(snap):
    """The Drizzle schema module a snapshot describes, or None when a type has no builder."""
    out = ['import { sql } from "drizzle-orm";',
           'import { bigint, bigserial, boolean, bytea, char, date, doublePrecision, inet, '
           'integer, interval, json, jsonb, numeric, pgEnum, pgSchema, pgTable, primaryKey, '
           'real, serial, smallint, smallserial, text, time, timestamp, uuid, varchar } '
           'from "drizzle-orm/pg-core";', '']
    schemas = {}

    def schema_var(s):
        if s not in schemas:
            schemas[s] = 'schema_%s' % ident(s)
            out.append('export const %s = pgSchema(%s);' % (schemas[s], json.dumps(s)))
        return schemas[s]

    enums = {}
    for e in snap.get('enums', {}).values():
        s = e.get('schema') or 'public'
        var = 'enum_%s_%s' % (ident(s), ident(e['name']))
        fn = 'pgEnum' if s == 'public' else '%s.enum' % schema_var(s)
        out.append('export const %s = %s(%s, %s);' % (var, fn, json.dumps(e['name']),
                                                       json.dumps(e['values'])))
        enums[(s, e['name'])] = var
    for tkey, t in snap.get('tables', {}).items():
        s = t.get('schema') or 'public'
        fn = 'pgTable' if s == 'public' else '%s.table' % schema_var(s)
        cols = []
        for c in t['columns'].values():
            b = builder(c, enums)
            if b is None:
                return None
            cols.append('  %s: %s,' % (json.dumps(c['name']), b))
        extra = ''
        pks = list(t.get('compositePrimaryKeys', {}).values())
        if pks:
            extra = ', (t) => [%s]' % ', '.join(
                'primaryKey({ name: %s, columns: [%s] })' % (
                    json.dumps(pk['name']), ', '.join('t[%s]' % json.dumps(c)
                                                      for c in pk['columns']))
                for pk in pks)
        out.append('export const table_%s = %s(%s, {\n%s\n}%s);' % (
            ident(tkey), fn, json.dumps(t['name']), '\n'.join(cols), extra))
    return '\n'.join(out) + '\n'


def rule_ids(args, cwd):
    _, findings = sgtest.findings(args, cwd=cwd)
    bad = [f for f in findings if f['rule'] == 'parse-error']
    return sorted({f['rule'] for f in findings if f['rule'] not in META}), bad


def run_history(meta, fails, counts):
    mig_dir = os.path.dirname(meta)
    tags = [e['tag'] for e in json.load(open(os.path.join(meta, '_journal.json')))['entries']]
    shown = os.path.relpath(mig_dir, os.path.join(sgtest.shared_dir(), 'corpus'))
    with tempfile.TemporaryDirectory(prefix='sg-drizzle-corpus-') as d:
        sql_dir = os.path.join(d, 'migrations')
        os.makedirs(sql_dir)
        prev = None
        for i, tag in enumerate(tags):
            shutil.copyfile(os.path.join(mig_dir, tag + '.sql'), os.path.join(sql_dir, tag + '.sql'))
            snap_path = os.path.join(meta, '%04d_snapshot.json' % i)
            if not os.path.exists(snap_path):
                prev = None
                continue
            module = schema_module(json.load(open(snap_path)))
            if module is None:
                print('== %s %s: a column type has no pg-core builder, step skipped' % (shown, tag))
                prev = None
                continue
            cur = os.path.join(d, '%04d.ts' % i)
            open(cur, 'w').write(module)
            if prev is None:
                prev = cur
                continue
            from_diff, bad_diff = rule_ids(['diff', prev, cur], d)
            all_sql, bad_sql = rule_ids(['check', os.path.join(sql_dir, tag + '.sql')], d)
            from_sql = [r for r in all_sql if r in DRIZZLE_RULES]
            sql_only = [r for r in all_sql if r not in DRIZZLE_RULES]
            counts['steps'] += 1
            print('== %s %s' % (shown, tag))
            print('   schemaguard diff (Drizzle modules): %s' % (', '.join(from_diff) or '(none)'))
            print('   schemaguard check %s.sql: %s%s' % (
                tag, ', '.join(from_sql) or '(none)',
                ' (SQL-only, not compared: %s)' % ', '.join(sql_only) if sql_only else ''))
            if bad_diff or bad_sql:
                fails.add('%s %s: parse errors %s' % (shown, tag, bad_diff + bad_sql))
            known = KNOWN.get((shown, tag))
            if known:
                if (from_diff, from_sql) == known[:2]:
                    print('   KNOWN DISAGREEMENT: %s' % known[2])
                    counts['known'] += 1
                else:
                    fails.add('%s %s: outcome changed from the known %s vs %s (%s)' %
                              (shown, tag, known[0], known[1], known[2]))
            elif from_diff != from_sql:
                fails.add('%s %s: the Drizzle diff says %s, the SQL lint says %s' %
                          (shown, tag, from_diff, from_sql))
            prev = cur


def main():
    corpus = sgtest.corpus_or_skip('Drizzle corpus test')
    metas = []
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        if os.path.basename(root) == 'meta' and '_journal.json' in files:
            metas.append(root)
    fails = sgtest.Failures()
    counts = {'steps': 0, 'known': 0}
    for meta in metas:
        run_history(meta, fails, counts)
    if counts['steps'] == 0:
        fails.add('no snapshot pair was compared')
    fails.finish('%d drizzle-kit steps in %d histories: the Drizzle diff and the SQL lint agree '
                 '(%d known disagreement(s) shown above)' % (counts['steps'], len(metas),
                                                               counts['known']))


if __name__ == '__main__':
    main()
