#!/usr/bin/env python3
"""Benchmarks (meson benchmark(), never a timed unit test). Every figure is a ratio against a
baseline measured in the same run, on this machine, and the run ends with one table:

  corpus-cpu     CPU time (user + sys, all threads) of `schemaguard check` over every .sql file
                 of ../shared/corpus vs the parse-only floor (tests/bench/pgparse_floor.c:
                 libpg_query's protobuf parse of each file and nothing else); target <= 1.5x
  corpus-wall    wall time of the same schemaguard run (both cores) vs Squawk (squawk-cli,
                 pinned in tests/bench/package-lock.json) on the same files; target <= 0.4x
  instructions   the same comparison as corpus-cpu in instructions (callgrind, one thread):
                 repeatable on a busy machine, unlike time
  peak RSS       of each of the three on the corpus .sql files, and of `schemaguard check` on
                 the whole corpus directory (schemas, package.json, TypeScript too)
  startup        one invocation on a small file minus /bin/true; target < 1 ms
  linear         a generated history of 10, 100, 1,000 and 10,000 migrations; the cost of each
                 added migration must stay flat (marginal cost 1,000->10,000 vs 100->1,000)
  prisma diff    parse, map and diff two 3,000-line schemas (tests/bench/prisma_diff.c); < 5 ms
  lsp            didChange -> publishDiagnostics on a 2,000-line schema.prisma, a 2,000-line
                 Drizzle schema.ts and a 2,000-line SQL migration through the real server
                 (tests/bench/lsp_latency.py); < 20 ms

The three corpus commands run interleaved (floor, schemaguard, Squawk, floor, ...), SG_BENCH_RUNS
times (default 9), and medians are compared. A figure whose baseline tool is missing is skipped
with a message. Exits 1 when a target is missed."""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import sgtest  # noqa: E402

RUNS = int(os.environ.get('SG_BENCH_RUNS', '9'))
ROOT = os.environ.get('SG_SOURCE_ROOT', os.path.dirname(os.path.dirname(HERE)))
RUNSTAT = os.environ.get('SG_RUNSTAT', '')
SQUAWK = os.path.join(ROOT, 'tests', 'bench', 'node_modules', '@squawk-cli', 'linux-x64', 'bin',
                      'squawk')

rows = []    # (measure, schemaguard, baseline, ratio, target, verdict)
missed = []


def row(measure, sg, base, ratio, target='', ok=None):
    verdict = '' if ok is None else ('met' if ok else 'MISSED')
    if ok is False:
        missed.append(measure)
    rows.append((measure, sg, base, ratio, target, verdict))


def run_once(cmd, cwd=None):
    """(wall s, cpu s, peak RSS KiB) of one run of cmd, measured by runstat (a small C parent:
    a child of Python would count the interpreter's memory in its peak until it execs)."""
    p = subprocess.run([RUNSTAT] + cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit('bench: runstat failed: %s' % p.stderr)
    wall, cpu, rss, status = p.stdout.split()
    if int(status) not in (0, 1):
        raise SystemExit('bench: %s exited %s' % (cmd[0], status))
    return float(wall), float(cpu), int(rss)


def interleaved(cmds, runs=RUNS, cwd=None):
    """Runs the named commands in turn, `runs` rounds; returns name -> (walls, cpus, rss)."""
    out = {name: ([], [], []) for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            w, c, r = run_once(cmd, cwd)
            out[name][0].append(w)
            out[name][1].append(c)
            out[name][2].append(r)
    return out


def med(xs):
    return statistics.median(xs)


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
        out += [os.path.join(d, f) for f in sorted(files)
                if f.endswith('.sql') and os.path.isfile(os.path.join(d, f))]
    return out


def corpus(sg, floor, shared):
    corpus_dir = os.path.join(shared, 'corpus')
    files = sql_files(corpus_dir)
    size = sum(os.path.getsize(f) for f in files)
    print('corpus: %d .sql files, %.2f MB; %d interleaved rounds' % (len(files), size / 1e6, RUNS))
    check = [sg, 'check', '--fail-on', 'never', '--format', 'json']
    cmds = {'floor': [floor] + files, 'schemaguard': check + files,
            'schemaguard-1': check + ['--jobs', '1'] + files}
    have_squawk = os.path.exists(SQUAWK)
    if have_squawk:
        cmds['squawk'] = [SQUAWK] + files
    else:
        print('corpus-wall: SKIP, squawk is not installed (scripts/setup.sh --test-tools)')
    m = interleaved(cmds)
    for name, (w, c, r) in m.items():
        print('  %-14s wall %7.1f ms  cpu %7.1f ms  peak RSS %7.1f MiB  (medians)' %
              (name, med(w) * 1e3, med(c) * 1e3, med(r) / 1024))
    f_cpu, s_cpu, s1_cpu = med(m['floor'][1]), med(m['schemaguard'][1]), med(m['schemaguard-1'][1])
    row('corpus CPU, both cores', '%.1f ms' % (s_cpu * 1e3), 'floor %.1f ms' % (f_cpu * 1e3),
        '%.2fx' % (s_cpu / f_cpu), '<= 1.5x', s_cpu / f_cpu <= 1.5)
    row('corpus CPU, one thread', '%.1f ms' % (s1_cpu * 1e3), 'floor %.1f ms' % (f_cpu * 1e3),
        '%.2fx' % (s1_cpu / f_cpu), '<= 1.5x', s1_cpu / f_cpu <= 1.5)
    if have_squawk:
        s_wall, q_wall = med(m['schemaguard'][0]), med(m['squawk'][0])
        row('corpus wall, both cores', '%.1f ms' % (s_wall * 1e3),
            'Squawk %.1f ms' % (q_wall * 1e3), '%.2fx' % (s_wall / q_wall), '<= 0.4x',
            s_wall / q_wall <= 0.4)
    base_rss = 'floor %.1f MiB' % (med(m['floor'][2]) / 1024)
    if have_squawk:
        base_rss += ', Squawk %.1f MiB' % (med(m['squawk'][2]) / 1024)
    row('peak RSS, corpus .sql', '%.1f MiB' % (med(m['schemaguard'][2]) / 1024), base_rss, '')
    _, _, whole = run_once(check + [corpus_dir])
    row('peak RSS, whole corpus dir', '%.1f MiB' % (whole / 1024), '', '')
    if shutil.which('valgrind'):
        f_ins = instructions([floor] + files)
        s_ins = instructions(check + ['--jobs', '1'] + files)
        row('corpus instructions, one thread', '%.0fM' % (s_ins / 1e6),
            'floor %.0fM' % (f_ins / 1e6), '%.2fx' % (s_ins / f_ins), '<= 1.5x',
            s_ins / f_ins <= 1.5)
    else:
        print('instructions: SKIP, valgrind is not installed')


def startup(sg, d):
    small = os.path.join(d, '001_small.sql')
    with open(small, 'w') as f:
        f.write('ALTER TABLE users ADD COLUMN nickname text;\n')
    cmds = {'true': ['/bin/true'], 'schemaguard': [sg, 'check', small]}
    if os.path.exists(SQUAWK):
        cmds['squawk'] = [SQUAWK, small]
    m = interleaved(cmds, runs=50)
    t = med(m['true'][0])
    s = med(m['schemaguard'][0]) - t
    base = '/bin/true %.2f ms' % (t * 1e3)
    if 'squawk' in m:
        base += '; Squawk +%.2f ms' % ((med(m['squawk'][0]) - t) * 1e3)
    row('startup, small file', '+%.2f ms' % (s * 1e3), base, '', '< 1 ms', s < 1e-3)


def history(d, n):
    """A generated history of n migrations: tables created, altered later, indexed, and some of
    the indexes dropped again, so lookups in a growing model are exercised."""
    md = os.path.join(d, 'h%d' % n)
    os.mkdir(md)
    for i in range(n):
        sql = ('CREATE TABLE t%d (id bigint PRIMARY KEY, name text NOT NULL);\n'
               'ALTER TABLE t%d ADD COLUMN extra_%d integer;\n'
               'CREATE INDEX CONCURRENTLY t%d_name ON t%d (name);\n' % (i, i // 2, i, i, i))
        if i % 10 == 9:
            sql += 'DROP INDEX CONCURRENTLY t%d_name;\n' % (i // 2)
        with open(os.path.join(md, '%05d_step.sql' % i), 'w') as f:
            f.write(sql)
    return md


def linear(sg, d):
    sizes = (10, 100, 1000, 10000)
    cpu = {}
    for n in sizes:
        md = history(d, n)
        runs = 5 if n < 10000 else 3
        m = interleaved({'sg': [sg, 'check', md, '--fail-on', 'never', '--format', 'json']},
                        runs=runs)
        cpu[n] = med(m['sg'][1])
        print('linear: %5d migrations: %8.1f ms CPU, %6.1f us per migration' %
              (n, cpu[n] * 1e3, cpu[n] / n * 1e6))
    low = (cpu[1000] - cpu[100]) / 900
    high = (cpu[10000] - cpu[1000]) / 9000
    row('linear: cost per added migration', '%.1f us (1k->10k)' % (high * 1e6),
        '%.1f us (100->1k)' % (low * 1e6), '%.2fx' % (high / low), '~1.0x (<= 1.3x)',
        high / low <= 1.3)


def prisma_diff():
    exe = os.environ.get('SG_PRISMA_BENCH')
    if not exe or not os.path.exists(exe):
        print('prisma diff: SKIP, SG_PRISMA_BENCH is not set (meson benchmark sets it)')
        return
    p = subprocess.run([exe], capture_output=True, text=True)
    print(p.stdout.strip())
    m = re.search(r'(\d+) \+ (\d+) lines.*median of \d+ ([\d.]+) ms', p.stdout)
    if not m:
        raise SystemExit('bench: cannot read the prisma diff benchmark: %r' % p.stdout)
    ms = float(m.group(3))
    row('Prisma diff, %s + %s lines' % (m.group(1), m.group(2)), '%.2f ms' % ms, '', '',
        '< 5 ms', ms < 5.0)


def lsp():
    p = subprocess.run([sys.executable, os.path.join(HERE, 'lsp_latency.py')],
                       capture_output=True, text=True, env=os.environ)
    print(p.stdout.strip())
    got = dict(re.findall(r'^\s+([\w-]+)\s+median\s+([\d.]+) ms', p.stdout, re.M))
    if 'prisma-2000' not in got:
        raise SystemExit('bench: cannot read the LSP benchmark: %r %r' % (p.stdout, p.stderr))
    base = float(got['baseline'])
    for name, label in (('prisma-2000', 'LSP, 2,000-line schema.prisma'),
                        ('drizzle-2000', 'LSP, 2,000-line Drizzle schema.ts'),
                        ('sql-2000', 'LSP, 2,000-line SQL migration')):
        ms = float(got[name])
        row(label, '%.2f ms' % ms, 'empty document %.2f ms' % base, '%.1fx' % (ms / base),
            '< 20 ms', ms < 20.0)


def table():
    head = ('measure', 'schemaguard', 'baseline (same run)', 'ratio', 'target', '')
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(6)]
    line = lambda r: '| ' + ' | '.join(str(c).ljust(w) for c, w in zip(r, widths)) + ' |'
    print()
    print(line(head))
    print('|' + '|'.join('-' * (w + 2) for w in widths) + '|')
    for r in rows:
        print(line(r))


def main():
    if not RUNSTAT or not os.path.exists(RUNSTAT):
        raise SystemExit('bench: SG_RUNSTAT is not set: run `meson test -C build --benchmark`')
    sg = sgtest.binary()
    floor = os.environ.get('SG_PGPARSE_FLOOR')
    shared = sgtest.shared_dir()
    if shared and floor:
        corpus(sg, floor, shared)
    else:
        print('corpus: SKIP, ../shared/corpus is not beside this checkout' if not shared else
              'corpus: SKIP, SG_PGPARSE_FLOOR is not set (meson benchmark sets it)')
    with tempfile.TemporaryDirectory() as d:
        startup(sg, d)
        linear(sg, d)
    prisma_diff()
    lsp()
    table()
    if missed:
        print('\nmissed: %s' % ', '.join(missed))
        sys.exit(1)


if __name__ == '__main__':
    main()
