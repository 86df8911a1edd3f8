#!/usr/bin/env python3
"""Code, scripts and configuration end to end, through the real binary:

  - in-source suppressions in TypeScript/JavaScript (// and /* */), shell, GitHub workflow YAML,
    Dockerfile and Procfile comments; the marker inside a string suppresses nothing;
  - a literal password is reported in every kind of file, and its bytes appear in no output
    format (text, text --show-suppressed, json, sarif, github, gitlab);
  - .schemaguard.yml: found walking up from the working directory or given with --config;
    errors exit 2 with file:line:column; levels, exclude globs, custom pattern and query rules
    (listed in SARIF's tool.driver.rules)."""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sgtest  # noqa: E402

SECRET = 'Zq7uniqueS3cret'


def write(root, files):
    for name, text in files.items():
        p = os.path.join(root, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(text)


def found(fs, suppressed=False):
    return sorted((f['file'], f['line'], f['rule']) for f in fs if f['suppressed'] == suppressed)


def check_suppressions(fails):
    with tempfile.TemporaryDirectory() as d:
        write(d, {
            'a.ts': '// schemaguard-ignore orm-force-sync: test database\n'
                    'await sequelize.sync({ force: true });\n'
                    'await sequelize.sync({ force: true }); // schemaguard-ignore orm-force-sync\n'
                    '/* schemaguard-ignore orm-auto-sync */ await db.sync({ alter: true });\n'
                    'const s = "// schemaguard-ignore orm-force-sync";\n'
                    'await sequelize.sync({ force: true });\n',
            'b.sh': '# schemaguard-ignore destructive-cli-command: e2e database\n'
                    'npx prisma migrate reset --force\n'
                    'echo "# schemaguard-ignore destructive-cli-command"\n'
                    'npx prisma migrate reset --force\n',
            '.github/workflows/d.yml': 'jobs:\n  deploy:\n    steps:\n'
                                       '      # schemaguard-ignore destructive-cli-command\n'
                                       '      - run: npx prisma db push\n'
                                       '      - run: npx prisma db push\n',
            'Dockerfile': 'FROM x\n# schemaguard-ignore destructive-cli-command\n'
                          'CMD npx prisma db push\nRUN npx prisma db push\n',
            'Procfile': 'release: npx prisma db push  # schemaguard-ignore destructive-cli-command\n',
        })
        _, fs = sgtest.findings(['check', '.'], cwd=d)
        want = [('.github/workflows/d.yml', 6, 'destructive-cli-command'),
                ('Dockerfile', 4, 'destructive-cli-command'),
                ('a.ts', 6, 'orm-force-sync'),
                ('b.sh', 4, 'destructive-cli-command')]
        if found(fs) != want:
            fails.add('suppressions: unsuppressed findings %s, expected %s' % (found(fs), want))
        want_s = [('.github/workflows/d.yml', 5, 'destructive-cli-command'),
                  ('Dockerfile', 3, 'destructive-cli-command'),
                  ('Procfile', 1, 'destructive-cli-command'),
                  ('a.ts', 2, 'orm-force-sync'), ('a.ts', 3, 'orm-force-sync'),
                  ('a.ts', 4, 'orm-auto-sync'),
                  ('b.sh', 2, 'destructive-cli-command')]
        if found(fs, True) != want_s:
            fails.add('suppressions: suppressed %s, expected %s' % (found(fs, True), want_s))


def check_secrets(fails):
    with tempfile.TemporaryDirectory() as d:
        write(d, {
            'restore.sh': "export PGPASSWORD='%s'\npg_restore -d app dump\n" % SECRET,
            'src/db.ts': 'const url = "postgres://app:%s@db.example.com:5432/app";\n' % SECRET,
            'package.json': '{"scripts": {"db": "psql postgresql://app:%s@db.internal/app"}}\n'
                            % SECRET,
            'Dockerfile': 'FROM x\nENV DATABASE_URL=mysql://root:%s@mysql/app\n' % SECRET,
            '.github/workflows/ci.yml': 'jobs:\n  t:\n    env:\n      PGPASSWORD: %s\n'
                                        '    steps:\n      - run: echo\n' % SECRET,
            'ok.sh': 'export PGPASSWORD="$SECRET"\nURL=postgres://u:${PW}@db/app\n',
        })
        _, fs = sgtest.findings(['check', '.'], cwd=d)
        got = sorted((f['file'], f['line']) for f in fs if f['rule'] == 'hardcoded-credential')
        want = [('.github/workflows/ci.yml', 4), ('Dockerfile', 2), ('package.json', 1),
                ('restore.sh', 1), ('src/db.ts', 1)]
        if got != want:
            fails.add('credentials: reported at %s, expected %s' % (got, want))
        for args in (['--format', 'text'], ['--format', 'text', '--show-suppressed'],
                     ['--format', 'json'], ['--format', 'sarif'], ['--format', 'github'],
                     ['--format', 'gitlab']):
            status, out, err = sgtest.run(['check', '.', '--fail-on', 'never'] + args, cwd=d)
            if SECRET in out or SECRET in err:
                fails.add('credentials: the secret appears in %s output' % ' '.join(args))
            if status != 0:
                fails.add('credentials: %s exited %d: %s' % (args, status, err))


CONFIG_BAD = 'rules:\n  drop-colum: warning\n'


def check_config(fails):
    with tempfile.TemporaryDirectory() as d:
        write(d, {'.schemaguard.yml': CONFIG_BAD, 'sub/x.ts': 'x;\n'})
        want = "schemaguard: .schemaguard.yml:2:3: unknown rule 'drop-colum' (see 'schemaguard rules')\n"
        status, out, err = sgtest.run(['check', '.'], cwd=d)
        if status != 2 or err != want:
            fails.add('config error: status %d, stderr %r, expected 2 and %r' % (status, err, want))
        status, out, err = sgtest.run(['check', '.'], cwd=os.path.join(d, 'sub'))
        want_up = want.replace('schemaguard: .schemaguard.yml', 'schemaguard: ../.schemaguard.yml')
        if status != 2 or err != want_up:
            fails.add('config from a subdirectory: status %d, stderr %r, expected %r' %
                      (status, err, want_up))
        status, out, err = sgtest.run(['check', '.', '--config', 'missing.yml'], cwd=d)
        if status != 2 or 'missing.yml' not in err:
            fails.add('--config missing.yml: status %d, stderr %r' % (status, err))

    with tempfile.TemporaryDirectory() as d:
        write(d, {
            'strict.yml':
                'rules:\n  orm-force-sync: warning\n  no-knex-drop: error\n'
                'exclude:\n  - legacy/**\n  - "*.test.js"\n'
                'custom-rules:\n'
                '  - id: no-truncate\n    level: error\n    message: TRUNCATE in SQL\n'
                '    help: delete in batches\n    files: "**/*.sql"\n'
                '    pattern: "(?i)\\\\btruncate\\\\b"\n'
                '  - id: no-knex-drop\n    message: knex dropTable\n'
                '    query: |\n'
                '      ((call_expression\n'
                '         function: (member_expression property: (property_identifier) @_m))\n'
                '       @at (#eq? @_m "dropTable"))\n',
            'src/boot.js': 'await sequelize.sync({ force: true });\n'
                           'await knex.schema.dropTable("users");\n'
                           '// knex.schema.dropTable("x")\n',
            'src/boot.test.js': 'await sequelize.sync({ force: true });\n',
            'legacy/old.js': 'await sequelize.sync({ force: true });\n',
            'db/001.sql': 'CREATE TABLE t (id int);\nTRUNCATE t;\n',
        })
        _, fs = sgtest.findings(['check', '.', '--config', 'strict.yml'], cwd=d)
        got = sorted((f['file'], f['line'], f['rule'], f['level']) for f in fs)
        want = [('db/001.sql', 2, 'no-truncate', 'error'),
                ('src/boot.js', 1, 'orm-force-sync', 'warning'),
                ('src/boot.js', 2, 'no-knex-drop', 'error')]
        if got != want:
            fails.add('config levels, exclude and custom rules: %s, expected %s' % (got, want))
        _, fs = sgtest.findings(['check', '.', '--config', 'strict.yml', '--rule',
                                 'no-truncate=off'], cwd=d)
        if any(f['rule'] == 'no-truncate' for f in fs):
            fails.add('--rule no-truncate=off does not switch the custom rule off')
        status, out, err = sgtest.run(['check', '.', '--config', 'strict.yml', '--format',
                                       'sarif', '--fail-on', 'never'], cwd=d)
        ids = [r['id'] for r in json.loads(out)['runs'][0]['tool']['driver']['rules']]
        for rid in ('no-truncate', 'no-knex-drop', 'orm-force-sync'):
            if rid not in ids:
                fails.add('sarif: rule %s missing from tool.driver.rules' % rid)


def main():
    fails = sgtest.Failures()
    check_suppressions(fails)
    check_secrets(fails)
    check_config(fails)
    fails.finish('suppressions, credentials and configuration behave')


if __name__ == '__main__':
    main()
