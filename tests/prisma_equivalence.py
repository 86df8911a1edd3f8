#!/usr/bin/env python3
"""The same change written as a Prisma schema diff and as the SQL Prisma migrate generates for it
yields the same rule ids (DESIGN.md: one rule serves every frontend).

fixtures/prisma/equivalence/<case>/ holds old.prisma, new.prisma, init.sql (what `prisma migrate`
generates for old.prisma) and migration.sql (what it generates for the change). The case name is
`<rule-id>[--variant]`, the rule the change must trigger, or `none--<variant>` for a change that
must trigger none of them. `diff old.prisma new.prisma` and `check` of migration.sql (linted after
init.sql, so the tables exist) must report the same set of ids among the rules whose sources
include both P and S, and that set must contain the case's rule (or be empty for none).

A case with a known-difference.txt documents a difference not fixed yet: its first two lines give
the ids each side reports (`prisma: ...`, `sql: ...`), the rest explains it. The test checks that
exactly that difference is observed, so fixing it makes the test say to remove the file."""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sgtest  # noqa: E402

# The rules with sources S and P in RULES.md: the only ids the two inputs can both produce.
SHARED_RULES = {'drop-table', 'drop-column', 'rename-without-copy', 'change-column-type',
                'drop-enum-value', 'add-required-column', 'set-not-null'}


def ids(findings):
    return {f['rule'] for f in findings if not f['suppressed']}


def main():
    root = os.environ.get('SG_SOURCE_ROOT') or os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))
    base = os.path.join(root, 'fixtures', 'prisma', 'equivalence')
    status, out, _ = sgtest.run(['rules', '--format', 'json'])

    known = {r['id'] for r in json.loads(out)}
    fails = sgtest.Failures()
    cases = sorted(os.listdir(base))
    for case in cases:
        d = os.path.join(base, case)
        rule = case.split('--')[0]
        if rule != 'none' and rule not in known:
            fails.add('%s: no rule with this id is registered' % case)
            continue
        _, pf = sgtest.findings(['diff', 'old.prisma', 'new.prisma'], cwd=d)
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(os.path.join(d, 'init.sql'), os.path.join(tmp, '001_init.sql'))
            shutil.copy(os.path.join(d, 'migration.sql'), os.path.join(tmp, '002_change.sql'))
            _, init_f = sgtest.findings(['check', '001_init.sql'], cwd=tmp)
            _, sf = sgtest.findings(['check', '002_change.sql'], cwd=tmp)
        if init_f:
            fails.add('%s: init.sql alone has findings: %s' % (case, sorted(ids(init_f))))
        p_ids, s_ids = ids(pf) & SHARED_RULES, ids(sf) & SHARED_RULES
        print('%s: prisma %s, sql %s' % (case, sorted(p_ids), sorted(s_ids)))
        known_file = os.path.join(d, 'known-difference.txt')
        if os.path.exists(known_file):
            lines = open(known_file).read().splitlines()
            want_p = set(lines[0].split(':', 1)[1].split())
            want_s = set(lines[1].split(':', 1)[1].split())
            print('    known difference: ' + ' '.join(l.strip() for l in lines[2:]))
            if (p_ids, s_ids) != (want_p, want_s):
                fails.add('%s: expected the known difference prisma %s / sql %s; if it is fixed, '
                          'delete known-difference.txt' % (case, sorted(want_p), sorted(want_s)))
            continue
        if rule == 'none':
            if p_ids or s_ids:
                fails.add('%s: expected no finding: %s %s' % (case, pf, sf))
            continue
        if rule not in p_ids:
            fails.add('%s: the Prisma diff does not report it: %s' % (case, pf))
        if rule not in s_ids:
            fails.add('%s: the migration.sql does not report it: %s' % (case, sf))
        if p_ids != s_ids:
            fails.add('%s: only in the Prisma diff %s, only in the SQL %s' %
                      (case, sorted(p_ids - s_ids), sorted(s_ids - p_ids)))
    nknown = sum(os.path.exists(os.path.join(base, c, 'known-difference.txt')) for c in cases)
    fails.finish('%d changes give the same rule ids as Prisma diff and as SQL; %d known '
                 'difference(s), documented' % (len(cases) - nknown, nknown))


if __name__ == '__main__':
    main()
