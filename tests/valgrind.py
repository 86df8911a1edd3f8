#!/usr/bin/env python3
"""Valgrind-clean: the real binary under memcheck on representative runs (SQL migrations in
every output format, a schema diff, the incidents, bad input). Any memcheck error or a
definitely lost block fails. Skips visibly when valgrind is not installed. Also checks that
tests/vgwrap.py (the `valgrind` test setup for the integration tests) fails on a leak and a
read after free."""
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
    wrapper_selftest(fails)
    fails.finish('valgrind: %d runs clean; vgwrap.py fails on a leak and an invalid read'
                 % len(runs))


LEAKER = r"""
#include <stdlib.h>
int main(int argc, char **argv)
{
    (void)argv;
    char *p = malloc(16);
    p = malloc(argc); /* the first block is definitely lost */
    free(p);
    char *q = malloc(4);
    free(q);
    return q[argc] == 'x'; /* read after free */
}
"""


def wrapper_selftest(fails):
    """tests/vgwrap.py (the `valgrind` test setup) must fail a test whose program leaks or reads
    freed memory, from valgrind's logs, although the driver itself exits 0."""
    cc = shutil.which(os.environ.get('CC', 'cc')) or shutil.which('cc')
    if not cc:
        print('SKIP (wrapper selftest): no C compiler on PATH')
        return
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as d:
        src, exe = os.path.join(d, 'leaker.c'), os.path.join(d, 'leaker')
        with open(src, 'w') as f:
            f.write(LEAKER)
        subprocess.run([cc, '-g', '-O0', src, '-o', exe], check=True)
        driver = 'import os, subprocess; subprocess.run([os.environ["SCHEMAGUARD"]])'
        p = subprocess.run([sys.executable, os.path.join(here, 'vgwrap.py'), sys.executable,
                            '-c', driver], env=dict(os.environ, SCHEMAGUARD=exe),
                           capture_output=True, timeout=300)
        out = p.stdout.decode('utf-8', 'replace')
        if p.returncode != 1 or 'definitely lost' not in out or 'Invalid read' not in out:
            fails.add('vgwrap.py did not fail on a leak and a read after free (exit %d):\n%s'
                      % (p.returncode, out))
        else:
            print('vgwrap.py fails on a leak and a read after free')


if __name__ == '__main__':
    main()
