"""The VS Code extension builds: `npm ci --ignore-scripts` from its pinned lockfile and
`tsc -p` compile editor/vscode (in a temporary copy, so the source tree stays clean) to
out/extension.js, which starts `schemaguard lsp` through vscode-languageclient. Its manifest
activates on every kind of file the CLI checks and has the `schemaguard.path` setting."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sgtest  # noqa: E402

ROOT = os.environ.get('SG_SOURCE_ROOT') or os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))
EXT = os.path.join(ROOT, 'editor', 'vscode')


def main():
    F = sgtest.Failures()
    with open(os.path.join(EXT, 'package.json')) as f:
        manifest = json.load(f)
    events = set(manifest.get('activationEvents', []))
    for lang in ('sql', 'prisma', 'typescript', 'javascript', 'json'):
        if 'onLanguage:' + lang not in events:
            F.add('package.json: no activation on %s' % lang)
    props = manifest.get('contributes', {}).get('configuration', {}).get('properties', {})
    if props.get('schemaguard.path', {}).get('type') != 'string':
        F.add('package.json: no string setting schemaguard.path')
    deps = dict(manifest.get('dependencies', {}), **manifest.get('devDependencies', {}))
    for name, ver in deps.items():
        if not ver[:1].isdigit():
            F.add('package.json: %s is not pinned to an exact version (%s)' % (name, ver))
    npm = shutil.which('npm')
    if not npm:
        print('SKIP (part): npm not found: the extension was not compiled')
        F.finish('vscode_build: manifest checked (no npm: not compiled)')
    tmp = tempfile.mkdtemp(prefix='sg-vscode-')
    try:
        work = os.path.join(tmp, 'vscode')
        shutil.copytree(EXT, work, ignore=shutil.ignore_patterns('node_modules', 'out'))
        p = subprocess.run([npm, 'ci', '--ignore-scripts', '--no-audit', '--no-fund'],
                           cwd=work, capture_output=True, timeout=600,
                           stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            print((p.stdout + p.stderr).decode(errors='replace'))
            F.add('npm ci failed (exit %d)' % p.returncode)
            F.finish('')
        tsc = os.path.join(work, 'node_modules', '.bin', 'tsc')
        p = subprocess.run([tsc, '-p', work], cwd=work, capture_output=True, timeout=300)
        if p.returncode != 0:
            F.add('tsc failed: %s' % (p.stdout + p.stderr).decode(errors='replace'))
        out = os.path.join(work, 'out', 'extension.js')
        if not os.path.exists(out):
            F.add('out/extension.js was not produced')
        else:
            js = open(out).read()
            for want in ('vscode-languageclient/node', "'lsp'", 'schemaguard.path',
                         'activate'):
                if want not in js and want.replace("'", '"') not in js:
                    F.add('out/extension.js lacks %s' % want)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    F.finish('vscode_build: npm ci + tsc produce out/extension.js')


if __name__ == '__main__':
    main()
