"""Shared helpers for the Python test drivers: run the real binary, parse its JSON output,
report a skip the way meson understands (exit 77, with a visible message)."""
import json
import os
import subprocess
import sys

SKIP = 77


def binary():
    b = os.environ.get('SCHEMAGUARD')
    if not b:
        sys.exit('SCHEMAGUARD is not set (meson test sets it)')
    return b


def run(args, cwd=None, stdin=None, timeout=120, env=None):
    """Runs schemaguard with args; returns (exit status, stdout, stderr)."""
    e = dict(os.environ)
    e.pop('NO_COLOR', None)
    if env:
        e.update(env)
    p = subprocess.run([binary()] + list(args), cwd=cwd, input=stdin, capture_output=True,
                       timeout=timeout, env=e)
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')


def findings(args, cwd=None):
    """Runs with --format json and returns (status, list of findings)."""
    status, out, err = run(list(args) + ['--format', 'json', '--fail-on', 'never'], cwd=cwd)
    if status != 0:
        raise AssertionError('schemaguard %s exited %d: %s' % (' '.join(args), status, err))
    return status, json.loads(out)['findings']


def shared_dir():
    """../shared beside the checkout, or None (a user's fresh clone has none)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    d = os.path.join(os.path.dirname(root), 'shared')
    return d if os.path.isdir(os.path.join(d, 'corpus')) else None


def corpus_or_skip(test):
    """../shared/corpus, or a visible SKIP of `test` when it is not beside the checkout (a
    user's fresh clone): the corpus tests run in CI, where it is."""
    shared = shared_dir()
    if not shared:
        skip('../shared/corpus is not beside this checkout (a fresh clone): the %s runs in CI'
             % test)
    return os.path.join(shared, 'corpus')


def skip(msg):
    print('SKIP: ' + msg)
    sys.exit(SKIP)


class Failures:
    def __init__(self):
        self.items = []

    def add(self, msg):
        self.items.append(msg)
        print('FAIL: ' + msg)

    def finish(self, passed_msg):
        if self.items:
            print('%d failure(s)' % len(self.items))
            sys.exit(1)
        print(passed_msg)
        sys.exit(0)
