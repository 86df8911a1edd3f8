#!/usr/bin/env python3
"""The incident fixtures (fixtures/incidents/*/EXPECT) against the real binary.

make-repos.sh builds one git repository per incident in a temporary folder; the binary runs at
each repository root (`check . --base HEAD~1` for a base/ -> head/ incident, `check .` for a
single commit). For every EXPECT line `<path>:<line> <rule-id>` whose rule is registered
(`schemaguard rules --format json`), that finding must be reported at that path and line; every
finding of a registered rule must be expected (no extras). EXPECT lines naming a rule that is not
registered yet are listed as "pending": visible in the output, not a failure.

A base/ -> head/ incident is then checked the pre-commit way too: `git reset --soft HEAD~1`
leaves HEAD = base/ with head/ staged, and `check . --staged` must give the same findings."""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gitrepo  # noqa: E402
import sgtest  # noqa: E402

ROOT = os.environ.get('SG_SOURCE_ROOT') or os.path.dirname(os.path.dirname(os.path.abspath(
    __file__)))
INCIDENTS = os.path.join(ROOT, 'fixtures', 'incidents')


def registered_rules():
    status, out, err = sgtest.run(['rules', '--format', 'json'])
    if status != 0:
        raise RuntimeError('schemaguard rules exited %d: %s' % (status, err))
    return {r['id'] for r in json.loads(out)}


def read_expect(path):
    """[(path, line, rule)] from an EXPECT file; comments and blank lines skipped."""
    out = []
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        m = re.match(r'^(\S+):(\d+) ([a-z]+(?:-[a-z]+)*)$', line)
        if not m:
            raise RuntimeError('%s:%d: not "<path>:<line> <rule-id>": %r' % (path, n, line))
        out.append((m.group(1), int(m.group(2)), m.group(3)))
    return out


def build_repos(outdir):
    p = subprocess.run(['bash', os.path.join(INCIDENTS, 'make-repos.sh'), outdir],
                       capture_output=True)
    if p.returncode != 0:
        raise RuntimeError('make-repos.sh failed: %s' % p.stderr.decode())


def two_commits(name):
    d = os.path.join(INCIDENTS, name)
    return os.path.isdir(os.path.join(d, 'base')) and os.path.isdir(os.path.join(d, 'head'))


def compare(name, repo, args, rules, fails, pending):
    """Checks one run of an incident; returns the number of expectations verified."""
    expected = read_expect(os.path.join(INCIDENTS, name, 'EXPECT'))
    _, findings = sgtest.findings(args, cwd=repo)
    got = {(f['file'], f['line'], f['rule']) for f in findings
           if not f['suppressed'] and f['rule'] in rules}
    want = {e for e in expected if e[2] in rules}
    for e in sorted(want - got):
        fails.add('%s: expected %s:%d %s, not reported (schemaguard %s); findings: %s'
                  % (name, e[0], e[1], e[2], ' '.join(args), sorted(got)))
    for g in sorted(got - want):
        fails.add('%s: unexpected finding %s:%d %s (schemaguard %s)'
                  % (name, g[0], g[1], g[2], ' '.join(args)))
    for e in expected:
        if e[2] not in rules and pending is not None:
            pending.append('%s: %s:%d %s' % (name, e[0], e[1], e[2]))
    return len(want & got)


def check_incident(name, repo, rules, fails, pending):
    if not two_commits(name):
        return compare(name, repo, ['check', '.'], rules, fails, pending)
    n = compare(name, repo, ['check', '.', '--base', 'HEAD~1'], rules, fails, pending)
    gitrepo.git(repo, 'reset', '-q', '--soft', 'HEAD~1')
    return n + compare(name, repo, ['check', '.', '--staged'], rules, fails, None)


def main():
    fails = sgtest.Failures()
    if not os.path.isfile(os.path.join(INCIDENTS, 'make-repos.sh')):
        sgtest.skip('fixtures/incidents/make-repos.sh not found')
    if not gitrepo.available():
        sgtest.skip('the git command is not installed (make-repos.sh needs it)')
    rules = registered_rules()
    names = sorted(n for n in os.listdir(INCIDENTS)
                   if os.path.isfile(os.path.join(INCIDENTS, n, 'EXPECT')))
    pending = []
    verified = 0
    with tempfile.TemporaryDirectory() as tmp:
        build_repos(tmp)
        for name in names:
            verified += check_incident(name, os.path.join(tmp, name), rules, fails, pending)
    for p in pending:
        print('pending (rule not registered yet): ' + p)
    fails.finish('%d incidents: %d expected findings reported, no extras; %d pending'
                 % (len(names), verified, len(pending)))


if __name__ == '__main__':
    main()
