#!/usr/bin/env python3
"""Valgrind-clean: the real binary under memcheck on representative runs (SQL migrations in
every output format, a schema diff, the incidents, bad input). Any memcheck error or a
definitely lost block fails. Skips visibly when valgrind is not installed."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sgtest  # noqa: E402


def main():
    if not shutil.which('valgrind'):
        sgtest.skip('valgrind is not installed (scripts/setup.sh installs it)')
    root = os.environ['SG_SOURCE_ROOT']
    e2e = os.path.join(root, 'fixtures', 'e2e')
    fails = sgtest.Failures()
    runs = [
        (e2e, ['check', 'inputs/app/migrations', '--show-suppressed']),
        (e2e, ['check', 'inputs/app/migrations', '--format', 'sarif']),
        (e2e, ['check', 'inputs/app/migrations', '--format', 'gitlab']),
        (e2e, ['diff', 'inputs/old.sql', 'inputs/new.sql', '--format', 'json']),
        (os.path.join(root, 'fixtures', 'incidents'), ['check', '.', '--jobs', '2']),
        (os.path.join(root, 'fixtures', 'rules', 'parse-error'), ['check', 'bad.sql']),
    ]
    with tempfile.TemporaryDirectory() as d:
        for cwd, args in runs:
            log = os.path.join(d, 'vg.log')
            cmd = ['valgrind', '--error-exitcode=99', '--leak-check=full',
                   '--errors-for-leak-kinds=definite', '--show-leak-kinds=definite',
                   '--log-file=' + log, sgtest.binary()] + args
            p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=600)
            if p.returncode == 99:
                fails.add('%s: memcheck errors:\n%s' % (' '.join(args), open(log).read()))
            elif p.returncode not in (0, 1):
                fails.add('%s: exit %d: %s' % (' '.join(args), p.returncode, p.stderr.decode()))
            else:
                print('clean: schemaguard %s' % ' '.join(args))
    fails.finish('valgrind: %d runs clean' % len(runs))


if __name__ == '__main__':
    main()
