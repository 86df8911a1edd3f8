"""pre-commit integration: the real `pre-commit` (Debian) runs this repository's hook manifest
(.pre-commit-hooks.yaml, from a local clone, offline) in a temporary repository. A commit whose
migration drops a column of an existing table is refused with the finding shown; a harmless
commit passes. Also `schemaguard install-hook`: a plain git hook, the backup of a hook that was
there, idempotence, a refusal to overwrite a backup, worktrees, and outside a repository."""
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


def git(cwd, *args, check=True, env=None):
    p = subprocess.run(['git'] + list(args), cwd=cwd, capture_output=True, env=env)
    if check and p.returncode != 0:
        raise AssertionError('git %s: %s' % (' '.join(args), p.stderr.decode()))
    return p.returncode, p.stdout.decode() + p.stderr.decode()


def new_repo(path):
    os.makedirs(path)
    git(path, 'init', '-q', '-b', 'main')
    git(path, 'config', 'user.email', 'test@example.com')
    git(path, 'config', 'user.name', 'Test')
    git(path, 'config', 'commit.gpgsign', 'false')


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)


def staged_available(env, tmp):
    """True when this build has `check --staged` (issue 4 adds it)."""
    d = os.path.join(tmp, 'probe')
    new_repo(d)
    p = subprocess.run([sgtest.binary(), 'check', '--staged'], cwd=d, capture_output=True,
                       env=env)
    return b'not available in this build' not in p.stderr


def test_pre_commit(tmp, env):
    if not shutil.which('pre-commit'):
        print('SKIP (part): pre-commit not found (Debian package pre-commit); '
              'the pre-commit run was not tested')
        return
    # The hook repository: a clone holding this checkout's manifest, so pre-commit needs no
    # network (it clones a local path).
    hooks = os.path.join(tmp, 'hooks-repo')
    new_repo(hooks)
    shutil.copy(os.path.join(ROOT, '.pre-commit-hooks.yaml'), hooks)
    git(hooks, 'add', '.pre-commit-hooks.yaml')
    git(hooks, 'commit', '-q', '-m', 'manifest')
    _, rev = git(hooks, 'rev-parse', 'HEAD')
    repo = os.path.join(tmp, 'app')
    new_repo(repo)
    write(os.path.join(repo, '.pre-commit-config.yaml'),
          'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: schemaguard\n'
          % (hooks, rev.strip()))
    write(os.path.join(repo, 'migrations', '001_init.sql'),
          'CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  email text NOT NULL,\n'
          '  nickname text\n);\n')
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'init')
    p = subprocess.run(['pre-commit', 'install'], cwd=repo, capture_output=True, env=env)
    if p.returncode != 0:
        F.add('pre-commit install failed: %s' % (p.stdout + p.stderr).decode())
        return
    # A migration that drops a column of a committed table: refused, with the finding shown.
    write(os.path.join(repo, 'migrations', '002_drop_nickname.sql'),
          'ALTER TABLE users DROP COLUMN nickname;\n')
    git(repo, 'add', 'migrations/002_drop_nickname.sql')
    rc, out = git(repo, 'commit', '-m', 'drop nickname', check=False, env=env)
    print('--- refused commit:\n' + out)
    if rc == 0:
        F.add('the commit dropping a column passed the hook')
    if 'drop-column' not in out or '002_drop_nickname.sql' not in out:
        F.add('the hook output does not show the drop-column finding: %s' % out)
    _, log = git(repo, 'log', '--oneline')
    if 'drop nickname' in log:
        F.add('the refused commit was recorded')
    # The same migration staged but then replaced by a harmless one: the commit passes.
    git(repo, 'rm', '-q', '--cached', 'migrations/002_drop_nickname.sql')
    os.remove(os.path.join(repo, 'migrations', '002_drop_nickname.sql'))
    write(os.path.join(repo, 'migrations', '002_add_bio.sql'),
          'ALTER TABLE users ADD COLUMN bio text;\n')
    git(repo, 'add', 'migrations/002_add_bio.sql')
    rc, out = git(repo, 'commit', '-m', 'add bio', check=False, env=env)
    print('--- harmless commit:\n' + out)
    if rc != 0:
        F.add('a harmless commit was refused: %s' % out)
    if 'schemaguard' not in out or 'Passed' not in out:
        F.add('pre-commit did not report the schemaguard hook as passed: %s' % out)


def test_install_hook(tmp, env, staged):
    sg = sgtest.binary()
    repo = os.path.join(tmp, 'plain')
    new_repo(repo)
    hooks = os.path.join(repo, '.git', 'hooks')
    os.makedirs(hooks, exist_ok=True)
    mine = '#!/bin/sh\necho previous-hook-ran > "$(git rev-parse --git-dir)/previous-ran"\n'
    write(os.path.join(hooks, 'pre-commit'), mine)
    os.chmod(os.path.join(hooks, 'pre-commit'), 0o755)
    sub = os.path.join(repo, 'sub', 'dir')
    os.makedirs(sub)
    status, out, err = sgtest.run(['install-hook'], cwd=sub)
    print(out + err)
    backup = os.path.join(hooks, 'pre-commit.schemaguard-backup')
    if status != 0:
        F.add('install-hook from a subdirectory: status %d: %s' % (status, err))
    if not os.path.exists(backup) or open(backup).read() != mine:
        F.add('the existing hook was not kept as pre-commit.schemaguard-backup')
    elif 'pre-commit.schemaguard-backup' not in out:
        F.add('install-hook did not say where the old hook went: %s' % out)
    hook = open(os.path.join(hooks, 'pre-commit')).read()
    if 'check --staged' not in hook or not os.access(os.path.join(hooks, 'pre-commit'), os.X_OK):
        F.add('the installed hook does not run `check --staged` or is not executable')
    status, out, err = sgtest.run(['install-hook'], cwd=repo)
    if status != 0 or 'already installed' not in out or open(backup).read() != mine:
        F.add('a second install-hook is not a no-op: %d %s %s' % (status, out, err))
    if staged:
        # The hook runs: the previous hook first, then schemaguard refuses the drop.
        write(os.path.join(repo, 'm', '001.sql'), 'CREATE TABLE t (id int, x int);\n')
        git(repo, 'add', '.')
        rc, out = git(repo, 'commit', '-m', 'one', check=False)
        if rc != 0 or not os.path.exists(os.path.join(repo, '.git', 'previous-ran')):
            F.add('first commit through the installed hook: %d %s' % (rc, out))
        write(os.path.join(repo, 'm', '002.sql'), 'ALTER TABLE t DROP COLUMN x;\n')
        git(repo, 'add', '.')
        # The working file is harmless now, but the staged version (what is committed) drops.
        write(os.path.join(repo, 'm', '002.sql'), 'SELECT 1;\n')
        rc, out = git(repo, 'commit', '-m', 'two', check=False)
        if rc == 0 or 'drop-column' not in out:
            F.add('the installed hook let a staged DROP COLUMN through: %d %s' % (rc, out))
    else:
        print('NOTE: check --staged is not in this build: the installed hook was not run')
    # Another tool replaced our hook while the backup is still there: refuse, change nothing.
    other = '#!/bin/sh\nexit 0\n'
    write(os.path.join(hooks, 'pre-commit'), other)
    status, out, err = sgtest.run(['install-hook'], cwd=repo)
    if status != 2 or 'backup already exists' not in err:
        F.add('install-hook over a foreign hook with a backup present: %d %s' % (status, err))
    if open(os.path.join(hooks, 'pre-commit')).read() != other or \
            open(backup).read() != mine:
        F.add('install-hook changed a hook or backup it refused to overwrite')
    # A worktree: .git is a file; the hook goes to the common hooks directory.
    wt_main = os.path.join(tmp, 'wt-main')
    new_repo(wt_main)
    write(os.path.join(wt_main, 'README'), 'x\n')
    git(wt_main, 'add', '.')
    git(wt_main, 'commit', '-q', '-m', 'x')
    wt = os.path.join(tmp, 'wt-linked')
    git(wt_main, 'worktree', 'add', '-q', wt)
    status, out, err = sgtest.run(['install-hook'], cwd=wt)
    if status != 0 or not os.path.exists(os.path.join(wt_main, '.git', 'hooks', 'pre-commit')):
        F.add('install-hook in a linked worktree: %d %s %s' % (status, out, err))
    # core.hooksPath makes git ignore .git/hooks: installed, with a warning that says so.
    hp = os.path.join(tmp, 'hookspath')
    new_repo(hp)
    git(hp, 'config', 'core.hooksPath', '.husky')
    status, out, err = sgtest.run(['install-hook'], cwd=hp)
    if status != 0 or 'core.hooksPath' not in err:
        F.add('install-hook with core.hooksPath set: no warning: %d %s' % (status, err))
    # Outside any repository: exit 2 with a clear message.
    outside = os.path.join(tmp, 'outside')
    os.makedirs(outside)
    status, out, err = sgtest.run(['install-hook'], cwd=outside,
                                  env={'GIT_CEILING_DIRECTORIES': tmp})
    if status != 2 or 'not inside a git repository' not in err:
        F.add('install-hook outside a repository: %d %s' % (status, err))


def main():
    if not shutil.which('git'):
        sgtest.skip('git not found: the pre-commit and install-hook tests did not run')
    tmp = tempfile.mkdtemp(prefix='sg-precommit-')
    try:
        bindir = os.path.join(tmp, 'bin')
        os.makedirs(bindir)
        os.symlink(os.path.abspath(sgtest.binary()), os.path.join(bindir, 'schemaguard'))
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get('PATH', ''),
                   PRE_COMMIT_HOME=os.path.join(tmp, 'pre-commit-home'),
                   GIT_CONFIG_NOSYSTEM='1', HOME=tmp, NO_COLOR='1')
        env.pop('GIT_DIR', None)
        staged = staged_available(env, tmp)
        test_install_hook(tmp, env, staged)
        if staged:
            test_pre_commit(tmp, env)
        else:
            print('SKIP (part): this build has no `check --staged` yet (issue 4): the real '
                  'pre-commit run was not tested')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    F.finish('precommit: hook manifest and install-hook behave')


if __name__ == '__main__':
    main()
