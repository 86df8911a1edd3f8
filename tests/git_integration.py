#!/usr/bin/env python3
"""Git versions end to end: real repositories built with the git command in a temporary folder
(commit, stage, modify), the real binary run in them. Covers --base with new, edited and removed
migrations, --staged (also from a real pre-commit hook under `git commit -a`), a tracked
schema.prisma and a Drizzle module compared with HEAD by default, the notices for an untracked
file and for a folder outside any repository, and an unknown revision."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gitrepo  # noqa: E402
import sgtest  # noqa: E402

INIT = 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);\n'
POSTS = 'CREATE TABLE posts (id bigint PRIMARY KEY, title text);\n'
SCHEMA = '''datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
}
'''
DRIZZLE = '''import { pgTable, serial, text } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: text("email").notNull(),
  nickname: text("nickname"),
});
'''


def repo_with_history(tmp, name):
    """db/migrations/001_init.sql and 002_posts.sql committed as HEAD."""
    repo = os.path.join(tmp, name)
    gitrepo.init(repo)
    gitrepo.write(repo, {'db/migrations/001_init.sql': INIT,
                         'db/migrations/002_posts.sql': POSTS})
    gitrepo.commit_all(repo, 'history')
    return repo


def got(findings):
    return sorted((f['file'], f['line'], f['rule']) for f in findings if not f['suppressed'])


def expect(fails, what, findings, want):
    have = got(findings)
    if have != sorted(want):
        fails.add('%s: expected %s, got %s' % (what, sorted(want), have))


def text_run(args, cwd):
    status, out, err = sgtest.run(list(args) + ['--fail-on', 'never'], cwd=cwd,
                                  env={'NO_COLOR': '1'})
    return status, out, err


def case_new_migration(tmp, fails):
    repo = repo_with_history(tmp, 'new')
    gitrepo.commit_all(repo, 'base marker')
    # Two new migrations: a column added and dropped inside the change loses nothing; dropping
    # an existing column is reported; the unchanged base migrations are not linted again.
    gitrepo.write(repo, {'db/migrations/003_tmp.sql': 'ALTER TABLE users ADD COLUMN tmp int;\n',
                         'db/migrations/004_cleanup.sql':
                             'ALTER TABLE users DROP COLUMN tmp;\n'
                             'ALTER TABLE users DROP COLUMN name;\n'})
    gitrepo.commit_all(repo, 'head')
    _, fs = sgtest.findings(['check', '.', '--base', 'HEAD~1'], cwd=repo)
    expect(fails, '--base with new migrations', fs,
           [('db/migrations/004_cleanup.sql', 2, 'drop-column')])
    # Without a base each migration is its own change: the same result here.
    _, fs = sgtest.findings(['check', '.'], cwd=repo)
    expect(fails, 'no base', fs, [('db/migrations/004_cleanup.sql', 2, 'drop-column'),
                                  ('db/migrations/004_cleanup.sql', 1, 'drop-column')])
    # From a subdirectory, paths stay relative to the working directory.
    _, fs = sgtest.findings(['check', 'migrations', '--base', 'HEAD~1'],
                            cwd=os.path.join(repo, 'db'))
    expect(fails, '--base from a subdirectory', fs,
           [('migrations/004_cleanup.sql', 2, 'drop-column')])


def case_one_file(tmp, fails):
    repo = repo_with_history(tmp, 'onefile')
    # 002 edited (not asked about: context, in its base version) and 003 new, named alone.
    gitrepo.write(repo, {'db/migrations/002_posts.sql': 'DROP TABLE users;\n',
                         'db/migrations/003_drop.sql': 'ALTER TABLE users DROP COLUMN name;\n'})
    gitrepo.commit_all(repo, 'head')
    _, fs = sgtest.findings(['check', 'db/migrations/003_drop.sql', '--base', 'HEAD~1'],
                            cwd=repo)
    expect(fails, '--base naming one new migration', fs,
           [('db/migrations/003_drop.sql', 1, 'drop-column')])


def case_edited(tmp, fails):
    repo = repo_with_history(tmp, 'edited')
    gitrepo.write(repo, {'db/migrations/001_init.sql':
                         INIT.replace('name text', 'name text, bio text')})
    gitrepo.commit_all(repo, 'edit init')
    _, fs = sgtest.findings(['check', '.', '--base', 'HEAD~1'], cwd=repo)
    expect(fails, '--base with an edited migration', fs,
           [('db/migrations/001_init.sql', 1, 'migration-history-edited')])
    status, out, _ = text_run(['check', '.', '--base', 'HEAD~1'], cwd=repo)
    if 'db/migrations/001_init.sql@HEAD~1:1:' not in out:
        fails.add('the edited finding has no related location in the base version:\n' + out)


def case_removed(tmp, fails):
    repo = repo_with_history(tmp, 'removed')
    gitrepo.write(repo, {'db/migrations/003_more.sql': 'ALTER TABLE posts ADD COLUMN body text;\n'})
    gitrepo.commit_all(repo, 'three')
    gitrepo.git(repo, 'rm', '-q', 'db/migrations/002_posts.sql')
    gitrepo.commit_all(repo, 'remove 002')
    _, fs = sgtest.findings(['check', '.', '--base', 'HEAD~1'], cwd=repo)
    # Reported at the migration that now follows the deleted one.
    expect(fails, '--base with a removed migration', fs,
           [('db/migrations/003_more.sql', 1, 'migration-history-removed')])
    # The last one removed: reported at the one before it.
    gitrepo.git(repo, 'rm', '-q', 'db/migrations/003_more.sql')
    gitrepo.commit_all(repo, 'remove 003')
    _, fs = sgtest.findings(['check', '.', '--base', 'HEAD~2'], cwd=repo)
    expect(fails, '--base with the last migrations removed', fs,
           [('db/migrations/001_init.sql', 1, 'migration-history-removed'),
            ('db/migrations/001_init.sql', 1, 'migration-history-removed')])
    # A squash: the deleted ones are reported at the added replacement, where an ignore comment
    # does not touch an applied migration.
    gitrepo.write(repo, {'db/migrations/000_squashed.sql':
                         '-- schemaguard-ignore migration-history-removed: squashed\n'
                         'SELECT 1;\n'})
    _, fs = sgtest.findings(['check', '.', '--base', 'HEAD~2'], cwd=repo)
    expect(fails, 'deleted migrations with an added replacement', fs, [])
    status, out, _ = text_run(['check', '.', '--base', 'HEAD~2', '--show-suppressed'], cwd=repo)
    if out.count('db/migrations/000_squashed.sql:1:1: error[migration-history-removed]') != 2:
        fails.add('the deleted migrations are not reported at the added one:\n' + out)


def case_staged(tmp, fails):
    repo = repo_with_history(tmp, 'staged')
    gitrepo.write(repo, {'db/migrations/003_drop.sql': 'ALTER TABLE users DROP COLUMN name;\n'})
    gitrepo.git(repo, 'add', 'db/migrations/003_drop.sql')
    # Working-tree changes after staging are not part of the commit: the staged blob counts,
    # and an unstaged new migration is left out.
    gitrepo.write(repo, {'db/migrations/003_drop.sql': 'SELECT 1;\n',
                         'db/migrations/004_unstaged.sql': 'DROP TABLE posts;\n'})
    _, fs = sgtest.findings(['check', '--staged'], cwd=repo)
    expect(fails, '--staged', fs, [('db/migrations/003_drop.sql', 1, 'drop-column')])
    # Scripts and code too: an unstaged script is not part of the commit, a staged one is read
    # from the index.
    gitrepo.write(repo, {'scripts/deploy.sh': '#!/bin/sh\nnpx prisma migrate reset --force\n'})
    _, fs = sgtest.findings(['check', '--staged'], cwd=repo)
    expect(fails, '--staged, script not staged', fs,
           [('db/migrations/003_drop.sql', 1, 'drop-column')])
    gitrepo.git(repo, 'add', 'scripts/deploy.sh')
    gitrepo.write(repo, {'scripts/deploy.sh': '#!/bin/sh\necho fixed in the work tree only\n'})
    _, fs = sgtest.findings(['check', '--staged'], cwd=repo)
    expect(fails, '--staged, script staged', fs,
           [('db/migrations/003_drop.sql', 1, 'drop-column'),
            ('scripts/deploy.sh', 2, 'destructive-cli-command')])
    gitrepo.git(repo, 'rm', '-q', '-f', '--cached', 'scripts/deploy.sh')
    # The working tree with --base HEAD sees the unstaged files instead.
    _, fs = sgtest.findings(['check', '--base', 'HEAD'], cwd=repo)
    expect(fails, '--base HEAD (working tree)', fs,
           [('db/migrations/004_unstaged.sql', 1, 'drop-table')])
    # An edit of a committed migration, staged.
    gitrepo.write(repo, {'db/migrations/001_init.sql': '-- tidied\n' + INIT})
    gitrepo.git(repo, 'add', 'db/migrations/001_init.sql')
    _, fs = sgtest.findings(['check', '--staged'], cwd=repo)
    expect(fails, '--staged with an edited migration', fs,
           [('db/migrations/001_init.sql', 1, 'migration-history-edited'),
            ('db/migrations/003_drop.sql', 1, 'drop-column')])


def case_commit_hook(tmp, fails):
    """`git commit -a` runs the pre-commit hook with the commit's content in a temporary index
    ($GIT_INDEX_FILE), not in .git/index: --staged must read that one."""
    repo = repo_with_history(tmp, 'hook')
    hooks = os.path.join(repo, '.githooks')
    gitrepo.write(repo, {'.githooks/pre-commit':
                         '#!/bin/sh\nexec "%s" check --staged\n' % sgtest.binary()})
    os.chmod(os.path.join(hooks, 'pre-commit'), 0o755)
    gitrepo.write(repo, {'db/migrations/001_init.sql': '-- tidied\n' + INIT})
    env = {k: v for k, v in os.environ.items() if not k.startswith('GIT_')}
    env.update(gitrepo.ENV)
    env['NO_COLOR'] = '1'
    p = subprocess.run(['git', '-C', repo, '-c', 'core.hooksPath=' + hooks, '-c',
                        'commit.gpgsign=false', 'commit', '-q', '-a', '-m', 'edit init'],
                       capture_output=True, env=env)
    out = (p.stdout + p.stderr).decode()
    if p.returncode == 0 or 'migration-history-edited' not in out:
        fails.add('git commit -a: the pre-commit hook did not stop the edit (%d):\n%s'
                  % (p.returncode, out))


def case_schema_default_head(tmp, fails):
    repo = os.path.join(tmp, 'prisma')
    gitrepo.init(repo)
    gitrepo.write(repo, {'prisma/schema.prisma': SCHEMA})
    gitrepo.commit_all(repo, 'schema')
    gitrepo.write(repo, {'prisma/schema.prisma': SCHEMA.replace('  name  String?\n', '')})
    _, fs = sgtest.findings(['check', '.'], cwd=repo)
    expect(fails, 'tracked schema.prisma modified (default base HEAD)', fs,
           [('prisma/schema.prisma', 6, 'drop-column')])
    # Staged: the index against HEAD; the unstaged working-tree edit does not count.
    _, fs = sgtest.findings(['check', '--staged'], cwd=repo)
    expect(fails, 'schema.prisma, nothing staged', fs, [])
    gitrepo.git(repo, 'add', 'prisma/schema.prisma')
    gitrepo.write(repo, {'prisma/schema.prisma': SCHEMA})
    _, fs = sgtest.findings(['check', '--staged'], cwd=repo)
    expect(fails, 'schema.prisma staged', fs, [('prisma/schema.prisma', 6, 'drop-column')])


def case_drizzle_default_head(tmp, fails):
    repo = os.path.join(tmp, 'drizzle')
    gitrepo.init(repo)
    gitrepo.write(repo, {'src/db/schema.ts': DRIZZLE, 'src/index.ts': 'export const x = 1;\n'})
    gitrepo.commit_all(repo, 'schema')
    _, fs = sgtest.findings(['check', '.'], cwd=repo)
    expect(fails, 'drizzle schema unchanged', fs, [])
    gitrepo.write(repo, {'src/db/schema.ts': DRIZZLE.replace('  nickname: text("nickname"),\n',
                                                             '')})
    _, fs = sgtest.findings(['check', '.'], cwd=repo)
    expect(fails, 'tracked drizzle schema modified (default base HEAD)', fs,
           [('src/db/schema.ts', 3, 'drop-column')])


def case_untracked_notice(tmp, fails):
    repo = os.path.join(tmp, 'untracked')
    gitrepo.init(repo)
    gitrepo.write(repo, {'README': 'x\n'})
    gitrepo.commit_all(repo, 'init')
    gitrepo.write(repo, {'a/schema.prisma': SCHEMA, 'b/schema.prisma': SCHEMA})
    status, out, err = text_run(['check', '.'], cwd=repo)
    notices = [l for l in out.splitlines() if 'not tracked by git' in l]
    if status != 0 or len(notices) != 1 or 'a/schema.prisma' not in notices[0]:
        fails.add('untracked schema files: expected one notice naming them, got (%d):\n%s%s'
                  % (status, out, err))


def case_outside_repository(tmp, fails):
    d = os.path.join(tmp, 'plain')
    os.makedirs(os.path.join(d, 'migrations'))
    gitrepo.write(d, {'schema.prisma': SCHEMA, 'other.prisma': SCHEMA.replace('User', 'Post'),
                      'migrations/001_init.sql': INIT})
    status, out, err = text_run(['check', '.'], cwd=d)
    notices = [l for l in out.splitlines() if 'not in a git repository' in l]
    if status != 0 or len(notices) != 1:
        fails.add('outside a repository: expected exactly one notice, got (%d):\n%s%s'
                  % (status, out, err))
    status, out, err = sgtest.run(['check', '.', '--base', 'HEAD'], cwd=d)
    if status != 2 or 'not a git repository' not in err:
        fails.add('--base outside a repository: expected exit 2 and "not a git repository", '
                  'got %d: %s' % (status, err))


def case_unknown_revision(tmp, fails):
    repo = repo_with_history(tmp, 'unknown')
    for rev in ('no-such-branch', 'HEAD~5'):
        status, out, err = sgtest.run(['check', '.', '--base', rev], cwd=repo)
        if status != 2 or ("unknown revision '%s'" % rev) not in err or out:
            fails.add('--base %s: expected exit 2 and a clear message, got %d: %r %r'
                      % (rev, status, out, err))


def main():
    fails = sgtest.Failures()
    if not gitrepo.available():
        sgtest.skip('the git command is not installed (test setup builds repositories with it)')
    cases = [case_new_migration, case_one_file, case_edited, case_removed, case_staged,
             case_commit_hook,
             case_schema_default_head, case_drizzle_default_head, case_untracked_notice, case_outside_repository,
             case_unknown_revision]
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            try:
                case(tmp, fails)
            except (AssertionError, RuntimeError) as e:
                fails.add('%s: %s' % (case.__name__, e))
    fails.finish('%d git scenarios behave' % len(cases))


if __name__ == '__main__':
    main()
