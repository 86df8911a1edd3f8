#!/usr/bin/env python3
"""Benchmarks (meson benchmark(), never a timed unit test). Each figure is reported as a ratio
against a baseline measured in the same run, on this machine:

  corpus-cpu    schemaguard's CPU time over every .sql of ../shared/corpus vs libpg_query's
                protobuf parse of the same files (the floor; target <= 1.5x); also as
                instruction counts (callgrind), which a busy machine does not disturb
  corpus-wall   schemaguard's wall time vs Squawk's on the same files (target <= 0.4x)
  startup       one invocation on a small file minus /bin/true (target < 1 ms)
  linear        cost per migration for 100, 200, 400 generated migrations (should stay flat)

Medians of several runs. Skips a figure (with a message) when its baseline tool is missing."""
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import sgtest  # noqa: E402

RUNS = int(os.environ.get('SG_BENCH_RUNS', '7'))


def measure(cmd, cwd=None, runs=RUNS):
    """Median (wall seconds, cpu seconds) of running cmd `runs` times."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def instructions(cmd):
    """Instructions executed by cmd, counted by callgrind (repeatable, unlike time)."""
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run(['valgrind', '--tool=callgrind', '--callgrind-out-file=' +
                            os.path.join(d, 'out')] + cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
    m = re.search(r'refs:\s+([\d,]+)', p.stderr.decode())
    return int(m.group(1).replace(',', '')) if m else float('nan')


def sql_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        out += [os.path.join(d, f) for f in sorted(files) if f.endswith('.sql')]
    return out


def main():
    sg = sgtest.binary()
    floor = os.environ.get('SG_PGPARSE_FLOOR')
    squawk = os.path.join(os.environ.get('SG_SOURCE_ROOT', ''), 'tests', 'tools', 'node_modules',
                          '@squawk-cli', 'linux-x64', 'bin', 'squawk')
    shared = sgtest.shared_dir()
    if shared:
        corpus = os.path.join(shared, 'corpus')
        files = sql_files(corpus)
        size = sum(os.path.getsize(f) for f in files)
        print('corpus: %d .sql files, %.2f MB' % (len(files), size / 1e6))
        # The same files as the floor (the corpus also holds 4 MB of Prisma schemas, package.json
        # files and snapshots that `check corpus` would read too).
        sg_wall, sg_cpu = measure([sg, 'check', '--fail-on', 'never', '--format', 'json'] + files)
        if floor:
            f_wall, f_cpu = measure([floor] + files)
            print('corpus-cpu: schemaguard %.1f ms CPU, protobuf parse floor %.1f ms CPU: '
                  '%.2fx (target <= 1.5x)' % (sg_cpu * 1e3, f_cpu * 1e3, sg_cpu / f_cpu))
            r_wall, r_cpu = measure([floor, '--raw'] + files)
            print('             (scanner-only split of the same files: %.1f ms CPU)' %
                  (r_cpu * 1e3))
            # CPU time on a shared machine varies run to run; instruction counts do not.
            if shutil.which('valgrind'):
                f_ins = instructions([floor] + files)
                s_ins = instructions([sg, 'check', '--fail-on', 'never', '--format', 'json',
                                      '--jobs', '1'] + files)
                print('corpus-instructions: schemaguard %.0fM, floor %.0fM: %.2fx (callgrind, '
                      'one thread; target <= 1.5x)' % (s_ins / 1e6, f_ins / 1e6, s_ins / f_ins))
        if os.path.exists(squawk):
            q_wall, q_cpu = measure([squawk] + files)
            print('corpus-wall: schemaguard %.1f ms wall / %.1f ms CPU, squawk %.1f ms wall / '
                  '%.1f ms CPU: %.2fx wall (target <= 0.4x)' %
                  (sg_wall * 1e3, sg_cpu * 1e3, q_wall * 1e3, q_cpu * 1e3, sg_wall / q_wall))
        else:
            print('corpus-wall: SKIP, squawk is not installed (scripts/setup.sh --test-tools)')
    else:
        print('corpus: SKIP, ../shared/corpus is not beside this checkout')

    with tempfile.TemporaryDirectory() as d:
        small = os.path.join(d, '001_small.sql')
        open(small, 'w').write('ALTER TABLE users ADD COLUMN nickname text;\n')
        t_wall, _ = measure(['/bin/true'], runs=50)
        s_wall, _ = measure([sg, 'check', small], runs=50)
        print('startup: schemaguard on a small file %.2f ms, /bin/true %.2f ms: +%.2f ms '
              '(target < 1 ms)' % (s_wall * 1e3, t_wall * 1e3, (s_wall - t_wall) * 1e3))
        if os.path.exists(squawk):
            q_wall, _ = measure([squawk, small], runs=50)
            print('         (squawk on the same file: +%.2f ms)' % ((q_wall - t_wall) * 1e3))

        per = []
        for n in (100, 200, 400):
            md = os.path.join(d, 'm%d' % n)
            os.mkdir(md)
            for i in range(n):
                open(os.path.join(md, '%04d_step.sql' % i), 'w').write(
                    'CREATE TABLE t%d (id bigint PRIMARY KEY, name text NOT NULL);\n'
                    'ALTER TABLE t%d ADD COLUMN extra integer;\n'
                    'CREATE INDEX t%d_name ON t%d (name);\n' % (i, i, i, i))
            w, c = measure([sg, 'check', md, '--fail-on', 'never'])
            per.append(c / n)
            print('linear: %d migrations: %.1f ms CPU, %.1f us per migration' %
                  (n, c * 1e3, c / n * 1e6))
        print('linear: per-migration cost at 400 / at 100: %.2fx (1.0 = linear)' %
              (per[-1] / per[0]))


if __name__ == '__main__':
    main()
