"""Building real git repositories for the tests that need base and head versions (the product
reads git through libgit2; only test setup runs the `git` command). The user's and the system's
git configuration are ignored and author, committer and dates are fixed."""
import os
import shutil
import subprocess

ENV = {
    'GIT_CONFIG_NOSYSTEM': '1',
    'GIT_CONFIG_GLOBAL': os.devnull,
    'GIT_AUTHOR_NAME': 'schemaguard tests',
    'GIT_AUTHOR_EMAIL': 'tests@schemaguard.invalid',
    'GIT_COMMITTER_NAME': 'schemaguard tests',
    'GIT_COMMITTER_EMAIL': 'tests@schemaguard.invalid',
    'GIT_AUTHOR_DATE': '2024-03-01T10:00:00Z',
    'GIT_COMMITTER_DATE': '2024-03-01T10:00:00Z',
}


def available():
    """Whether the git command exists (the tests that build repositories skip without it)."""
    return shutil.which('git') is not None


def git(repo, *args):
    """Runs git in repo; raises with git's stderr on failure; returns stdout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('GIT_')}
    env.update(ENV)
    p = subprocess.run(['git', '-C', repo, '-c', 'init.defaultBranch=main',
                        '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false',
                        '-c', 'core.hooksPath=' + os.devnull] + list(args),
                       capture_output=True, env=env)
    if p.returncode != 0:
        raise RuntimeError('git %s: %s' % (' '.join(args), p.stderr.decode()))
    return p.stdout.decode()


def init(repo):
    os.makedirs(repo, exist_ok=True)
    git(repo, 'init', '-q')


def write(repo, files):
    """Writes {relative path: text} into the work tree (None deletes the file)."""
    for name, text in files.items():
        p = os.path.join(repo, name)
        if text is None:
            if os.path.exists(p):
                os.remove(p)
            continue
        os.makedirs(os.path.dirname(p) or '.', exist_ok=True)
        with open(p, 'w', encoding='utf-8') as f:
            f.write(text)


def replace_tree(repo, src_dir):
    """Makes the work tree (all but .git) a copy of src_dir."""
    for name in os.listdir(repo):
        if name == '.git':
            continue
        p = os.path.join(repo, name)
        shutil.rmtree(p) if os.path.isdir(p) and not os.path.islink(p) else os.remove(p)
    shutil.copytree(src_dir, repo, dirs_exist_ok=True)


def commit_all(repo, message):
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '--no-verify', '--allow-empty', '-m', message)


def from_trees(repo, base_dir, head_dir):
    """A repository whose HEAD~1 is base_dir's tree and HEAD is head_dir's."""
    init(repo)
    replace_tree(repo, base_dir)
    commit_all(repo, 'base')
    replace_tree(repo, head_dir)
    commit_all(repo, 'head')
