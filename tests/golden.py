#!/usr/bin/env python3
"""End-to-end goldens: fixtures/e2e/<case>/cmd holds the arguments (run from fixtures/e2e),
status the expected exit code, expected the expected standard output with the working
directory replaced by [CWD] and the version by [VERSION]. Goldens are read by a person;
SG_UPDATE_GOLDEN=1 rewrites them for review."""
import json
import os
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sgtest  # noqa: E402


def normalize(out, cwd, version):
    out = out.replace(cwd, '[CWD]')
    out = out.replace('"%s"' % version, '"[VERSION]"')
    if out.startswith('{') and '"$schema"' in out:
        # SARIF: the rule table grows with every new rule and embeds the docs; the golden keeps
        # the results. ruleIndex is checked here instead of frozen in the golden.
        log = json.loads(out)
        run = log['runs'][0]
        rules = run['tool']['driver']['rules']
        for res in run['results']:
            idx = res.pop('ruleIndex', None)
            if idx is None or rules[idx]['id'] != res['ruleId']:
                raise AssertionError('ruleIndex %s does not name %s' % (idx, res['ruleId']))
        run['tool']['driver']['rules'] = '[every registered rule]'
        out = json.dumps(log, indent=2, ensure_ascii=False) + '\n'
    return out


def main():
    e2e = sys.argv[1]
    fails = sgtest.Failures()
    _, vout, _ = sgtest.run(['--version'])
    version = vout.split()[-1]
    cases = sorted(c for c in os.listdir(e2e) if os.path.exists(os.path.join(e2e, c, 'cmd')))
    for case in cases:
        d = os.path.join(e2e, case)
        args = shlex.split(open(os.path.join(d, 'cmd')).read())
        want_status = int(open(os.path.join(d, 'status')).read())
        status, out, err = sgtest.run(args, cwd=e2e, env={'NO_COLOR': '1'})
        out = normalize(out, os.path.abspath(e2e), version)
        exp = os.path.join(d, 'expected')
        if status != want_status:
            fails.add('%s: exit %d, expected %d; stderr: %s' % (case, status, want_status, err))
        if os.environ.get('SG_UPDATE_GOLDEN'):
            open(exp, 'w').write(out)
        elif not os.path.exists(exp) or open(exp).read() != out:
            fails.add('%s: output differs from %s:\n%s' % (case, exp, out))
        else:
            print('ok: %s' % case)
    # explain prints the rule's doc as written.
    root = os.path.dirname(os.path.dirname(os.path.abspath(e2e)))
    status, out, _ = sgtest.run(['explain', 'drop-column'])
    if status != 0 or out != open(os.path.join(root, 'rules', 'drop_column.md')).read():
        fails.add('explain drop-column does not print rules/drop_column.md')
    status, out, err = sgtest.run(['explain', 'no-such-rule'])
    if status != 2 or 'unknown rule' not in err:
        fails.add('explain of an unknown rule: exit %d, %s' % (status, err))
    fails.finish('%d end-to-end cases match their goldens' % len(cases))


if __name__ == '__main__':
    main()
