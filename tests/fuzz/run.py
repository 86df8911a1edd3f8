#!/usr/bin/env python3
"""Runs one libFuzzer harness for a bounded time as a meson test; fails on any crash, sanitizer
report, leak, timeout or out-of-memory.

Seeds: fixtures/fuzz/<name>/ and, when ../shared/corpus exists, the matching real files (copied
into a build-directory seed folder at test time, never into the source tree). libFuzzer writes
new inputs only to its FIRST corpus directory (the working corpus under the build directory);
the others are read-only seed directories.

Why the wrapper and not libFuzzer directly: libFuzzer's default -error_exitcode is 77, which
meson reads as SKIP, so a leak found in-process would pass unnoticed; UBSan only warns unless
halt_on_error is set; and artifacts would land in whatever directory meson runs from.

usage: run.py HARNESS NAME SECONDS OUTDIR SEEDDIR [--timeout S] [--no-shared]
  OUTDIR holds corpus/NAME (the working corpus), shared-seeds/NAME and artifacts/;
  SECONDS 0 runs every seed once and stops (-runs=0)."""
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import sgtest  # noqa: E402

# Per harness: which real files of ../shared/corpus are seeds, and the selector byte the harness
# reads first (fuzz_scripts picks the file kind by data[0] % 6, fuzz_code TS/JS by data[0] & 1).
SHARED = {
    'sql': [(lambda p: p.endswith('.sql'), b'')],
    'prisma': [(lambda p: p.endswith('.prisma'), b'')],
    'drizzle': [(lambda p: p.endswith('.ts'), b'')],
    'code': [(lambda p: p.endswith('.ts'), b'\x01')],
    'scripts': [(lambda p: os.path.basename(p) == 'package.json', b'\x00'),
                (lambda p: '/.github/workflows/' in p and p.endswith(('.yml', '.yaml')), b'\x03'),
                (lambda p: os.path.basename(p) == '.gitlab-ci.yml', b'\x04')],
}


def shared_seeds(name, outdir):
    """Copies the matching ../shared/corpus files into a build-directory seed folder (selector
    byte prepended where the harness needs one); returns it, or None with a visible message."""
    shared = sgtest.shared_dir()
    if not shared:
        print('SKIP (seeds): ../shared/corpus is absent; fuzzing from fixtures/fuzz/%s only' % name)
        return None
    if name not in SHARED:
        print('seeds: ../shared/corpus holds no input for fuzz_%s; fixtures/fuzz/%s only'
              % (name, name))
        return None
    out = os.path.join(outdir, 'shared-seeds', name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    corpus = os.path.join(shared, 'corpus')
    n = 0
    for d, _, files in os.walk(corpus):
        for f in sorted(files):
            p = os.path.join(d, f)
            for match, prefix in SHARED[name]:
                if os.path.isfile(p) and match(p):
                    with open(p, 'rb') as src:
                        data = src.read()
                    n += 1
                    with open(os.path.join(out, '%05d' % n), 'wb') as dst:
                        dst.write(prefix + data)
    if n == 0:
        os.rmdir(out)
        print('seeds: ../shared/corpus holds no input for fuzz_%s; fixtures/fuzz/%s only'
              % (name, name))
        return None
    print('seeds: %d files of ../shared/corpus for fuzz_%s' % (n, name))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('harness')
    ap.add_argument('name')
    ap.add_argument('seconds', type=int)
    ap.add_argument('outdir')
    ap.add_argument('seeddir')
    ap.add_argument('--timeout', type=int, default=20, help='seconds one input may take')
    ap.add_argument('--no-shared', action='store_true')
    a = ap.parse_args()

    work = os.path.join(a.outdir, 'corpus', a.name)
    artifacts = os.path.join(a.outdir, 'artifacts')
    os.makedirs(work, exist_ok=True)
    os.makedirs(artifacts, exist_ok=True)
    dirs = [work, a.seeddir]
    extra = None if a.no_shared else shared_seeds(a.name, a.outdir)
    if extra:
        dirs.append(extra)
    budget = ['-runs=0'] if a.seconds == 0 else ['-max_total_time=%d' % a.seconds]
    cmd = [a.harness] + budget + [
        '-timeout=%d' % a.timeout,          # one slow input fails the run
        '-rss_limit_mb=4096',               # and so does an out-of-memory (malloc_limit too)
        '-error_exitcode=1', '-timeout_exitcode=1',  # never 77, meson's SKIP
        '-detect_leaks=1',                  # leaks checked per input, not only at exit
        '-max_len=16384',  # real schemas reach 100 KB: 10x fewer executions, no new paths
        '-print_final_stats=1',
        '-artifact_prefix=%s/%s-' % (artifacts, a.name)] + dirs
    env = dict(os.environ)
    here = os.path.dirname(os.path.abspath(__file__))
    env['ASAN_OPTIONS'] = 'detect_leaks=1:allocator_may_return_null=0'
    env['LSAN_OPTIONS'] = 'suppressions=' + os.path.join(here, 'lsan.supp')
    env['UBSAN_OPTIONS'] = 'halt_on_error=1:print_stacktrace=1'
    print('$ ' + ' '.join(cmd), flush=True)
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode('utf-8', 'replace')
    if p.returncode != 0:
        sys.stdout.write(out[-20000:])
        art = re.findall(r'Test unit written to (\S+)', out)
        print('FAIL: fuzz_%s exited %d%s' % (a.name, p.returncode,
                                              ('; input saved as ' + art[-1]) if art else ''))
        sys.exit(1)
    stats = [ln for ln in out.splitlines() if ln.startswith(('stat::number_of_executed_units',
                                                             'Done ', '#'))]
    print('\n'.join(stats[-3:]))
    print('fuzz_%s: clean' % a.name)


if __name__ == '__main__':
    main()
