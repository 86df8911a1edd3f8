#!/usr/bin/env python3
"""The fuzz suite fails on what it is meant to catch: run.py (the wrapper every fuzz test goes
through, with the same flags) runs fuzz_selftest on one crafted seed at a time and must exit 1
with the matching report for a crash, a leak, a timeout, an out-of-memory and undefined
behaviour, and exit 0 on a harmless seed.

usage: selftest.py RUN_PY FUZZ_SELFTEST"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import sgtest  # noqa: E402

CASES = [  # seed, expected exit, text the report must hold
    (b'fine', 0, 'fuzz_selftest: clean'),
    (b'crash', 1, 'AddressSanitizer: heap-buffer-overflow'),
    (b'leak', 1, 'LeakSanitizer: detected memory leaks'),
    (b'hang', 1, 'ERROR: libFuzzer: timeout'),
    (b'oom', 1, 'out-of-memory (malloc('),
    (b'ub', 1, 'runtime error: signed integer overflow'),
]


def main():
    run_py, harness = sys.argv[1], sys.argv[2]
    fails = sgtest.Failures()
    for seed, want, text in CASES:
        with tempfile.TemporaryDirectory() as d:
            seeds = os.path.join(d, 'seeds')
            os.makedirs(seeds)
            with open(os.path.join(seeds, 'x'), 'wb') as f:
                f.write(seed)
            p = subprocess.run([sys.executable, run_py, harness, 'selftest', '0', d, seeds,
                                '--timeout', '2', '--no-shared'],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
            out = p.stdout.decode('utf-8', 'replace')
            if p.returncode != want or text not in out:
                fails.add('seed %r: exit %d (want %d), %r %s in the output:\n%s'
                          % (seed, p.returncode, want, text,
                             'found' if text in out else 'not', out[-3000:]))
            else:
                print('seed %r: exit %d, %s' % (seed, p.returncode, text))
    fails.finish('fuzz selftest: the wrapper fails on crash, leak, timeout, OOM and UB')


if __name__ == '__main__':
    main()
