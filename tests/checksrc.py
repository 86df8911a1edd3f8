#!/usr/bin/env python3
"""Banned C functions (STYLE.md c10, after curl's checksrc): sprintf, vsprintf, strcpy, strcat,
strncat, strncpy, gets, strtok, atoi are unsafe or silently wrong on bad input. Also every .c
file starts with a purpose comment. Fails listing file:line of each violation."""
import os
import re
import sys

BANNED = ['sprintf', 'vsprintf', 'strcpy', 'strcat', 'strncat', 'strncpy', 'gets', 'strtok',
          'atoi']
CALL = re.compile(r'(?<![\w.>])(%s)\s*\(' % '|'.join(BANNED))


def strip(line):
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    return re.sub(r'//.*', '', line)


def main():
    root = sys.argv[1]
    bad = []
    files = 0
    for top in ('lint', 'rules', 'tests'):
        for d, _, names in os.walk(os.path.join(root, top)):
            for n in sorted(names):
                if not n.endswith(('.c', '.h')):
                    continue
                path = os.path.join(d, n)
                files += 1
                text = open(path, encoding='utf-8', errors='replace').read()
                if n.endswith('.c') and not text.lstrip().startswith('/*'):
                    bad.append('%s:1: no purpose comment at the top of the file' % path)
                in_comment = False
                for i, line in enumerate(text.splitlines(), 1):
                    if in_comment:
                        if '*/' in line:
                            in_comment = False
                            line = line.split('*/', 1)[1]
                        else:
                            continue
                    line = re.sub(r'/\*.*?\*/', '', line)
                    if '/*' in line:
                        line, in_comment = line.split('/*', 1)[0], True
                    m = CALL.search(strip(line))
                    if m:
                        bad.append('%s:%d: banned function %s()' % (path, i, m.group(1)))
    for b in bad:
        print(b)
    print('%d files checked, %d problem(s)' % (files, len(bad)))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
