#!/usr/bin/env python3
"""Runs a test driver with every schemaguard it starts under valgrind memcheck: the test setup
`valgrind` (tests/meson.build) puts this in front of each test command.

It writes a small shell wrapper named schemaguard that execs
  valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
           --log-file=<dir>/%p.log <the real binary> "$@"
and points SCHEMAGUARD at it, so the drivers' own runs, the git hooks and pre-commit hooks they
install, and the language server Neovim starts all go through it (they call the binary by the
path sgtest.binary() gives). Afterwards every log is read: the test fails if any shows a memcheck
error or a definitely lost block, whatever the exit statuses were, or if no schemaguard ran at
all. A log without valgrind's final summary (a process killed by the driver) is listed, and fails
the test too: a run that was not checked to the end is not clean.

usage: vgwrap.py COMMAND...   (SCHEMAGUARD must name the real binary)"""
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def main():
    cmd = sys.argv[1:]
    real = os.environ.get('SCHEMAGUARD')
    if not cmd or not real:
        sys.exit('usage: SCHEMAGUARD=<binary> vgwrap.py COMMAND...')
    if not shutil.which('valgrind'):
        print('SKIP: valgrind is not installed (scripts/setup.sh installs it)')
        sys.exit(SKIP)
    with tempfile.TemporaryDirectory(prefix='sg-vg-') as d:
        logs = os.path.join(d, 'logs')
        os.makedirs(logs)
        wrapper = os.path.join(d, 'schemaguard')
        with open(wrapper, 'w') as f:
            f.write('#!/bin/sh\nexec valgrind --error-exitcode=99 --leak-check=full '
                    '--errors-for-leak-kinds=definite --show-leak-kinds=definite '
                    '--num-callers=30 --log-file=%s/%%p.log %s "$@"\n'
                    % (shlex.quote(logs), shlex.quote(os.path.abspath(real))))
        os.chmod(wrapper, 0o755)
        env = dict(os.environ, SCHEMAGUARD=wrapper, SG_VALGRIND='1')
        status = subprocess.run(cmd, env=env).returncode
        bad, unfinished, clean = [], [], 0
        for log in sorted(glob.glob(os.path.join(logs, '*.log'))):
            text = open(log, errors='replace').read()
            m = re.search(r'ERROR SUMMARY: (\d+) errors', text)
            if not m:
                unfinished.append((log, text))
            elif int(m.group(1)) > 0 or re.search(r'definitely lost: [1-9]', text):
                bad.append((log, text))
            else:
                clean += 1
        for log, text in bad:
            print('FAIL (memcheck): %s\n%s' % (os.path.basename(log), text))
        for log, text in unfinished:
            print('FAIL (no valgrind summary: killed before exit?): %s\n%s'
                  % (os.path.basename(log), text[-4000:]))
        print('valgrind: %d schemaguard runs clean, %d with errors, %d unfinished'
              % (clean, len(bad), len(unfinished)))
        if status == SKIP:
            sys.exit(SKIP)
        if bad or unfinished:
            sys.exit(1)
        if status == 0 and clean == 0:
            print('FAIL: the test ran no schemaguard under valgrind')
            sys.exit(1)
        sys.exit(status)


if __name__ == '__main__':
    main()
