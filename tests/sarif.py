"""SARIF for GitHub code scanning and GitHub workflow commands, checked on real output:
`check --format sarif` over projects with findings of several rules, related locations, a
suppressed finding and a non-ASCII path is validated by the SARIF multitool with the SARIF and
GitHub rule sets (tests/tools/validate-sarif.sh; any error fails); partialFingerprints stay the
same when unrelated lines are added above the findings; `--format github` escapes %, :, , and
line breaks the way the runner decodes them."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sgtest  # noqa: E402

F = sgtest.Failures()
ROOT = os.environ.get('SG_SOURCE_ROOT') or os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))
VALIDATE = os.path.join(ROOT, 'tests', 'tools', 'validate-sarif.sh')
MULTITOOL = os.path.join(ROOT, 'tests', 'tools', 'node_modules', '@microsoft',
                         'sarif-multitool-linux', 'Sarif.Multitool')


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def project(root):
    """Findings of several rules, a related location in another file, a suppressed finding,
    a parse error, and a directory and file with non-ASCII names."""
    m = os.path.join(root, 'db', 'migrations-\u00e9t\u00e9')
    write(os.path.join(m, '001_init.sql'),
          'CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  email text,\n  nickname text,\n'
          '  bio text\n);\nCREATE TABLE audit (id bigint);\nCREATE TABLE tmp (id int);\n')
    write(os.path.join(m, '002_cl\u00e9anup.sql'),
          '-- \u00e9t\u00e9 \U0001F600 cleanup\n'
          'ALTER TABLE users DROP COLUMN nickname;\n'
          '-- schemaguard-ignore drop-column: exported to the warehouse first\n'
          'ALTER TABLE users DROP COLUMN bio;\n'
          'DROP TABLE audit;\n')
    write(os.path.join(m, '003_broken.sql'), 'ALTER TABLE tmp ADD COLUMN;\n')
    return m


def sarif(cwd, args):
    status, out, err = sgtest.run(['check', '--format', 'sarif', '--fail-on', 'never'] + args,
                                  cwd=cwd)
    if status != 0:
        raise AssertionError('check --format sarif exited %d: %s' % (status, err))
    return out


def validate(path, label):
    p = subprocess.run(['bash', VALIDATE, path], capture_output=True, timeout=300)
    out = (p.stdout + p.stderr).decode('utf-8', 'replace')
    print('%s: %s' % (label, out.strip()))
    if p.returncode == 2:
        raise AssertionError('validate-sarif.sh could not run: %s' % out)
    if p.returncode != 0:
        F.add('%s: the SARIF multitool (SARIF + GitHub rules) reports errors:\n%s' % (label, out))


def check_content(log, label):
    run = log['runs'][0]
    results = run['results']
    rules = {r['ruleId'] for r in results}
    for want in ('drop-column', 'drop-table', 'parse-error'):
        if want not in rules:
            F.add('%s: no %s result: %s' % (label, want, sorted(rules)))
    if not any(r.get('relatedLocations') for r in results):
        F.add('%s: no result with relatedLocations' % label)
    sup = [r for r in results if r.get('suppressions')]
    if len(sup) != 1 or sup[0]['suppressions'][0].get('kind') != 'inSource':
        F.add('%s: the suppressed finding is not kept with an inSource suppression: %r'
              % (label, sup))
    uris = {loc['physicalLocation']['artifactLocation']['uri']
            for r in results for loc in r['locations']}
    if not any('%C3%A9' in u for u in uris):
        F.add('%s: the non-ASCII path is not percent-encoded UTF-8: %r' % (label, uris))
    for r in results:
        if not r.get('partialFingerprints'):
            F.add('%s: result without partialFingerprints: %r' % (label, r['ruleId']))
        reg = r['locations'][0]['physicalLocation'].get('region', {})
        if not all(k in reg for k in ('startLine', 'startColumn', 'endLine', 'endColumn')):
            F.add('%s: incomplete region %r' % (label, reg))


def fingerprints(log):
    out = {}
    for r in log['runs'][0]['results']:
        loc = r['locations'][0]['physicalLocation']
        key = (r['ruleId'], loc['artifactLocation']['uri'], r['message']['text'])
        out.setdefault(key, []).append((r['partialFingerprints'], loc['region']['startLine']))
    return out


def test_sarif(tmp):
    if not os.path.exists(MULTITOOL):
        print('SKIP (part): the SARIF multitool is not installed (bash scripts/setup.sh '
              '--test-tools): validation did not run')
        can_validate = False
    else:
        can_validate = True
    root = os.path.join(tmp, 'proj')
    mig = project(root)
    rel = os.path.relpath(mig, root)
    runs = {
        'directory': [rel],
        'one file (non-ASCII name)': [os.path.join(rel, '002_cl\u00e9anup.sql')],
    }
    incidents = os.path.join(ROOT, 'fixtures', 'incidents')
    logs = {}
    for label, args in runs.items():
        text = sarif(root, args)
        path = os.path.join(tmp, 'out-%d.sarif' % len(logs))
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        logs[label] = json.loads(text)
        if can_validate:
            validate(path, label)
    check_content(logs['directory'], 'directory')
    if os.path.isdir(incidents):  # every incident fixture, as the demo shows them
        for name in sorted(os.listdir(incidents)):
            d = os.path.join(incidents, name)
            if not os.path.isdir(d):
                continue
            status, out, err = sgtest.run(['check', '--format', 'sarif', '--fail-on', 'never',
                                           '.'], cwd=d)
            if status not in (0, 1) or not out.strip():
                F.add('incident %s: check --format sarif exited %d: %s' % (name, status, err))
                continue
            path = os.path.join(tmp, 'incident-%s.sarif' % name)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(out)
            if can_validate:
                validate(path, 'incident ' + name)

    # --base: a Prisma schema changed since the base revision; the related location is the
    # field in the base version.
    if shutil.which('git'):
        repo = os.path.join(tmp, 'git-base')
        schema = os.path.join(repo, 'prisma', 'schema.prisma')
        write(schema, 'model User {\n  id    Int     @id\n  email String\n  name  String?\n}\n')
        for args in (['init', '-q'], ['add', '.'],
                     ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q',
                      '-m', 'base']):
            subprocess.run(['git'] + args, cwd=repo, check=True, capture_output=True)
        write(schema, 'model User {\n  id    Int     @id\n  email String\n}\n')
        text = sarif(repo, ['--base', 'HEAD'])
        log = json.loads(text)
        res = log['runs'][0]['results']
        if not any(r['ruleId'] == 'drop-column' and r.get('relatedLocations') for r in res):
            F.add('--base HEAD: no drop-column with a related location: %r' % res)
        path = os.path.join(tmp, 'git-base.sarif')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        if can_validate:
            validate(path, 'prisma --base HEAD')
    else:
        print('SKIP (part): git not found: the --base SARIF was not validated')

    # Fingerprints: add unrelated lines at the top of every file, compare.
    before = fingerprints(logs['directory'])
    moved = os.path.join(tmp, 'moved')
    shutil.copytree(root, moved)
    for dirpath, _, files in os.walk(moved):
        for fn in files:
            p = os.path.join(dirpath, fn)
            with open(p, encoding='utf-8') as f:
                text = f.read()
            write(p, '-- an unrelated comment\n-- and another\n\nSELECT 1;\n' + text)
    after = fingerprints(json.loads(sarif(moved, [rel])))
    if set(before) != set(after):
        F.add('the same findings after adding lines: %r vs %r' % (sorted(before), sorted(after)))
    for key in before:
        if key in after:
            fb = [f for f, _ in before[key]]
            fa = [f for f, _ in after[key]]
            lb = [ln for _, ln in before[key]]
            la = [ln for _, ln in after[key]]
            if fb != fa:
                F.add('partialFingerprints of %r changed when lines were added above: %r -> %r'
                      % (key, fb, fa))
            if [x + 4 for x in lb] != la:
                F.add('the finding %r did not move down 4 lines: %r -> %r' % (key, lb, la))
    print('fingerprints stable for %d finding(s) moved down 4 lines' % len(before))


def unescape(s, prop):
    s = s.replace('%0D', '\r').replace('%0A', '\n')
    if prop:
        s = s.replace('%3A', ':').replace('%2C', ',')
    return s.replace('%25', '%')


def test_github(tmp):
    root = os.path.join(tmp, 'gh')
    # A directory name and a column name holding the characters that need escaping.
    d = os.path.join(root, 'db', '100%,a:b')
    write(os.path.join(d, '001.sql'), 'CREATE TABLE t (id int, "pct%,:x" int);\n')
    write(os.path.join(d, '002.sql'), 'ALTER TABLE t DROP COLUMN "pct%,:x";\n')
    rel = os.path.relpath(d, root)
    status, out, err = sgtest.run(['check', '--format', 'github', rel], cwd=root)
    _, findings = sgtest.findings(['check', rel], cwd=root)
    print(out)
    lines = [ln for ln in out.split('\n') if ln]
    visible = [f for f in findings if not f['suppressed']]
    if len(lines) != len(visible) or status != 1:
        F.add('github: one command line per finding and exit 1: %d lines for %d findings, '
              'status %d' % (len(lines), len(visible), status))
    for ln, f in zip(lines, visible):
        if not ln.startswith('::error ') or '::' not in ln[2:]:
            F.add('github: not a workflow command: %r' % ln)
            continue
        head, _, data = ln[2:].partition('::')
        cmd, _, props = head.partition(' ')
        kv = dict(p.split('=', 1) for p in props.split(','))
        if '\n' in ln or '\r' in ln:
            F.add('github: a raw line break inside a command')
        if unescape(kv.get('file', ''), True) != f['file']:
            F.add('github: file %r does not decode to %r' % (kv.get('file'), f['file']))
        want = {'line': f['line'], 'col': f['column'], 'endLine': f['end_line'],
                'endColumn': f['end_column']}
        for k, v in want.items():
            if kv.get(k) != str(v):
                F.add('github: %s=%r, expected %r' % (k, kv.get(k), v))
        if unescape(kv.get('title', ''), True) != 'schemaguard ' + f['rule']:
            F.add('github: title %r' % kv.get('title'))
        msg = unescape(data, False)
        if msg != f['message'] + ('\nhelp: ' + f['help'] if f.get('help') else ''):
            F.add('github: message %r does not decode to the finding\'s message and help' % data)
        if '%25' not in kv.get('file', '') or '%2C' not in kv['file'] or '%3A' not in kv['file']:
            F.add('github: %, , and : not escaped in the file property: %r' % kv.get('file'))
        if '%0A' not in data or '%25' not in data:
            F.add('github: the line break or % of the message is not escaped: %r' % data)


def main():
    tmp = tempfile.mkdtemp(prefix='sg-sarif-')
    try:
        for t in (test_sarif, test_github):
            try:
                t(tmp)
            except AssertionError as e:
                F.add('%s: %s' % (t.__name__, e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    F.finish('sarif: SARIF valid for code scanning, fingerprints stable, github commands escaped')


if __name__ == '__main__':
    main()
