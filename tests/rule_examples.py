#!/usr/bin/env python3
"""Every rule is checked with no per-rule test code (STYLE.md c7, c8):

  rule_examples.py --doc rules/<stem>.md
      the headings are present and in order; each ```<lang> bad``` block triggers the rule and
      each ```<lang> good``` block does not. A block may hold several migration files, each
      started by a line `-- migration: NAME`; schema-file languages (prisma, ts) take the
      nearest preceding ```<lang> base``` block as the old version and run `diff base head`.
      Migration history (git): a ```sql base``` block is the migration directory at the base
      commit and each later ```sql bad```/```sql good``` block the WHOLE directory at the head
      commit (a file left out was deleted); they run as `check . --base HEAD~1` in a temporary
      git repository with those two commits.
  rule_examples.py --fixture fixtures/rules/<id>
      bad.* triggers the rule, good.* does not, and the text output on bad.* equals
      expected.txt (a golden file read by a person; SG_UPDATE_GOLDEN=1 rewrites it).
      A bad/ or good/ directory holding base/ and head/ trees is a git fixture: a temporary
      repository gets two commits (base/, then head/) and `check . --base HEAD~1` runs at its
      root, so expected.txt paths are relative to head/.
  rule_examples.py --registry rules/
      every rule of `schemaguard rules` has its .md, a rules.def line, a fixture directory.
"""
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gitrepo  # noqa: E402
import sgtest  # noqa: E402

GIT_CHECK = ['check', '.', '--base', 'HEAD~1']

HEADINGS = ['What it does', 'Why is this bad?', 'Example', 'When to ignore', 'How to suppress',
            'References']
EXT = {'sql': '.sql', 'prisma': '.prisma', 'ts': '.ts', 'typescript': '.ts', 'js': '.js',
       'javascript': '.js', 'json': '.json', 'sh': '.sh', 'bash': '.sh', 'yaml': '.yml',
       'dockerfile': ''}


def rule_id_of(path):
    return os.path.splitext(os.path.basename(path))[0].replace('_', '-')


def blocks(text):
    """Yields (lang, role, body) for fenced blocks whose info string is '<lang> <role>'."""
    for m in re.finditer(r'^```([a-z]+)(?: ([a-z]+))?[^\n]*\n(.*?)^```', text, re.S | re.M):
        yield m.group(1), m.group(2), m.group(3)


def write_sql(d, body):
    """Writes a SQL example as one or more migration files; returns the paths to lint."""
    parts = re.split(r'^-- migration: *(\S+)\n', body, flags=re.M)
    files = []
    if len(parts) == 1:
        files.append(('001_example.sql', body))
    else:
        if parts[0].strip():
            files.append(('000_prelude.sql', parts[0]))
        for i in range(1, len(parts), 2):
            files.append((parts[i], parts[i + 1]))
    paths = []
    for name, content in files:
        p = os.path.join(d, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(content)
        paths.append(p)
    return paths


def git_doc_case(d, base_body, head_body):
    """Builds the repository of a migration-history example; returns (args, cwd)."""
    base, head, repo = (os.path.join(d, n) for n in ('base', 'head', 'repo'))
    os.makedirs(base)
    os.makedirs(head)
    write_sql(base, base_body)
    write_sql(head, head_body)
    gitrepo.from_trees(repo, base, head)
    return GIT_CHECK, repo


def is_git_fixture(path):
    return all(os.path.isdir(os.path.join(path, n)) for n in ('base', 'head'))


def fires(rule, args, cwd):
    _, fs = sgtest.findings(args, cwd=cwd)
    return [f for f in fs if f['rule'] == rule and not f['suppressed']], fs


def check_doc(path, fails):
    rule = rule_id_of(path)
    text = open(path, encoding='utf-8').read()
    if not text.startswith('# %s\n' % rule):
        fails.add('%s: the first line must be "# %s"' % (path, rule))
    found = re.findall(r'^## (.+)$', text, re.M)
    if found != HEADINGS:
        fails.add('%s: headings %s, expected %s' % (path, found, HEADINGS))
    base = {}
    nbad = ngood = 0
    for lang, role, body in blocks(text):
        if role == 'base':
            base[lang] = body
            continue
        if role not in ('bad', 'good'):
            continue
        with tempfile.TemporaryDirectory() as d:
            cwd = d
            if lang == 'sql' and lang in base:
                args, cwd = git_doc_case(d, base[lang], body)
            elif lang == 'sql':
                write_sql(d, body)
                args = ['check', d]
            elif lang in base:
                old = os.path.join(d, 'old' + EXT.get(lang, '.' + lang))
                new = os.path.join(d, 'new' + EXT.get(lang, '.' + lang))
                open(old, 'w').write(base[lang])
                open(new, 'w').write(body)
                args = ['diff', old, new]
            else:
                # CI YAML is recognised by its place: a GitHub workflow, or .gitlab-ci.yml.
                name = {'json': 'package.json', 'dockerfile': 'Dockerfile',
                        'procfile': 'Procfile', 'yaml': '.github/workflows/example.yml',
                        'gitlab': '.gitlab-ci.yml'}.get(
                    lang, 'example' + EXT.get(lang, '.' + lang))
                p = os.path.join(d, name)
                os.makedirs(os.path.dirname(p), exist_ok=True)
                open(p, 'w').write(body)
                args = ['check', p]
            hits, all_findings = fires(rule, args, cwd)
            if role == 'bad':
                nbad += 1
                if not hits:
                    fails.add('%s: a bad %s example does not trigger %s; findings: %s\n%s' %
                              (path, lang, rule, all_findings, body))
            else:
                ngood += 1
                if hits:
                    fails.add('%s: a good %s example triggers %s: %s\n%s' %
                              (path, lang, rule, hits, body))
    if nbad == 0:
        fails.add('%s: no bad example' % path)
    if ngood == 0:
        fails.add('%s: no good example' % path)
    return nbad, ngood


def fixture_inputs(d, role):
    if is_git_fixture(os.path.join(d, role)):
        return GIT_CHECK
    names = sorted(n for n in os.listdir(d) if n.split('.')[0] == role)
    olds = [n for n in names if n.startswith(role + '.old')]
    news = [n for n in names if n.startswith(role + '.new')]
    if olds and news:
        return ['diff', olds[0], news[0]]
    if names:
        return ['check', names[0]]
    return None


def fixture_cwd(d, role, tmp):
    """Where a fixture runs: the fixture directory, or the git repository built from
    <role>/base and <role>/head in tmp."""
    if not is_git_fixture(os.path.join(d, role)):
        return d
    repo = os.path.join(tmp, role)
    gitrepo.from_trees(repo, os.path.join(d, role, 'base'), os.path.join(d, role, 'head'))
    return repo


def check_fixture(d, fails):
    with tempfile.TemporaryDirectory() as tmp:
        check_fixture_in(d, tmp, fails)


def check_fixture_in(d, tmp, fails):
    rule = os.path.basename(os.path.normpath(d))
    for role in ('bad', 'good'):
        args = fixture_inputs(d, role)
        if not args:
            fails.add('%s: no %s.* input' % (d, role))
            continue
        hits, all_findings = fires(rule, args, fixture_cwd(d, role, tmp))
        if role == 'bad' and not hits:
            fails.add('%s: %s does not trigger %s; findings: %s' % (d, args, rule, all_findings))
        if role == 'good' and hits:
            fails.add('%s: %s triggers %s: %s' % (d, args, rule, hits))
    args = fixture_inputs(d, 'bad')
    if args:
        status, out, err = sgtest.run(args + ['--fail-on', 'never'],
                                      cwd=os.path.join(tmp, 'bad') if args == GIT_CHECK else d,
                                      env={'NO_COLOR': '1'})
        exp = os.path.join(d, 'expected.txt')
        if os.environ.get('SG_UPDATE_GOLDEN'):
            open(exp, 'w').write(out)
        elif not os.path.exists(exp):
            fails.add('%s: expected.txt is missing (write it, or SG_UPDATE_GOLDEN=1 and review)'
                      % d)
        elif open(exp).read() != out:
            fails.add('%s: text output differs from expected.txt:\n--- expected\n%s--- got\n%s'
                      % (d, open(exp).read(), out))


def check_registry(rules_dir, fails):
    status, out, err = sgtest.run(['rules', '--format', 'json'])
    rules = [r['id'] for r in json.loads(out)]
    defs = re.findall(r'^SG_RULE\((\w+)\)$', open(os.path.join(rules_dir, 'rules.def')).read(),
                      re.M)
    if defs != sorted(defs) or len(set(defs)) != len(defs):
        fails.add('rules.def is not sorted and unique: %s' % defs)
    fixtures = os.path.join(os.path.dirname(os.path.abspath(rules_dir)), 'fixtures', 'rules')
    for rid in rules:
        stem = rid.replace('-', '_')
        if stem not in defs:
            fails.add('%s: no SG_RULE(%s) line in rules.def' % (rid, stem))
        for ext in ('.c', '.md'):
            if not os.path.exists(os.path.join(rules_dir, stem + ext)):
                fails.add('%s: rules/%s%s is missing' % (rid, stem, ext))
        if not os.path.isdir(os.path.join(fixtures, rid)):
            fails.add('%s: fixtures/rules/%s/ is missing' % (rid, rid))
        readme = os.path.join(os.path.dirname(os.path.abspath(rules_dir)), 'README.md')
        if '| `%s` |' % rid not in open(readme, encoding='utf-8').read():
            fails.add('%s: not in the rules table of README.md' % rid)
        if not re.match(r'^[a-z]+(-[a-z]+)*$', rid):
            fails.add('%s: rule ids are kebab-case' % rid)
    return len(rules)


def main():
    fails = sgtest.Failures()
    mode, arg = sys.argv[1], sys.argv[2]
    if mode == '--doc':
        nbad, ngood = check_doc(arg, fails)
        fails.finish('%s: %d bad and %d good examples behave' % (arg, nbad, ngood))
    elif mode == '--fixture':
        check_fixture(arg, fails)
        fails.finish('%s: bad, good and expected.txt agree' % arg)
    elif mode == '--registry':
        n = check_registry(arg, fails)
        fails.finish('%d rules registered with docs and fixtures' % n)
    sys.exit('unknown mode ' + mode)


if __name__ == '__main__':
    main()
