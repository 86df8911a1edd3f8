"""The language server under a real client: Neovim (Debian's, 0.7 or later) in headless mode
with its built-in LSP client opens a migration that drops an existing column, waits for the
diagnostics, asks for the code actions and hover at the finding, and writes what it got as
JSON; this script checks the rule id, range, severity and the suppression edit it shows."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sgtest  # noqa: E402

# vim.lsp.start is 0.8+; start_client + buf_attach_client work from 0.5 on, so this runs on
# Debian 12's 0.7.2 and on newer releases alike.
INIT_LUA = r'''
local out, file, root = os.getenv('SG_OUT'), os.getenv('SG_FILE'), os.getenv('SG_ROOT')
local function finish(result)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  -- shutdown + exit, and wait for the server to go: Neovim kills it on quit after a short grace,
  -- too short under valgrind (tests/vgwrap.py) for the server to finish its exit checks.
  for _, c in pairs(vim.lsp.get_active_clients()) do c.stop() end
  vim.wait(60000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
  vim.cmd('qall!')
end
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = 'schemaguard',
  cmd = { os.getenv('SCHEMAGUARD'), 'lsp' },
  root_dir = root,
})
if not id then finish({ error = 'start_client failed' }) return end
vim.lsp.buf_attach_client(buf, id)
local ok = vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
local diags = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(diags, {
    lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    severity = d.severity, message = d.message, source = d.source,
    code = d.code or lsp.code,
    href = (lsp.codeDescription or {}).href,
  })
end
local result = { waited = ok, diagnostics = diags, nvim = tostring(vim.version().minor) }
if #diags > 0 then
  local d = diags[1]
  local pos = { line = d.lnum, character = d.col }
  local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = pos, ['end'] = pos },
    context = { diagnostics = {} },
  }, 5000)
  result.actions = {}
  for _, r in pairs(actions or {}) do
    for _, a in ipairs(r.result or {}) do
      local edits = a.edit and a.edit.changes and a.edit.changes[vim.uri_from_bufnr(buf)] or {}
      table.insert(result.actions, { title = a.title, kind = a.kind,
                                     text = edits[1] and edits[1].newText })
    end
  end
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) }, position = pos }, 5000)
  for _, r in pairs(hover or {}) do
    if r.result then result.hover = r.result.contents.value end
  end
end
finish(result)
'''


SNIPPET_INIT = r'''
dofile(os.getenv('SG_SNIPPET'))
-- Neovim turns filetype detection on after the init file; this edit happens inside it.
vim.cmd('filetype on')
vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('SG_FILE')))
local buf = vim.api.nvim_get_current_buf()
vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
local codes = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(codes, d.code or ((d.user_data or {}).lsp or {}).code)
end
local f = assert(io.open(os.getenv('SG_OUT'), 'w'))
f:write(vim.fn.json_encode({ codes = codes }))
f:close()
for _, c in pairs(vim.lsp.get_active_clients()) do c.stop() end
vim.wait(60000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd('qall!')
'''


def snippet_check(F, nvim, tmp, root, target, env):
    """The editor/neovim snippet for this Neovim, loaded as a user would, with `schemaguard`
    found on PATH, attaches the server to a SQL buffer."""
    p = subprocess.run([nvim, '--version'], capture_output=True)
    minor = int(p.stdout.split(b'\n')[0].split(b'.')[1])
    name = 'schemaguard.lua' if minor >= 8 else 'schemaguard-0.7.lua'
    snippet = os.path.join(ROOT, 'editor', 'neovim', name)
    bindir = os.path.join(tmp, 'bin')
    os.makedirs(bindir, exist_ok=True)
    os.symlink(os.path.abspath(sgtest.binary()), os.path.join(bindir, 'schemaguard'))
    init = os.path.join(tmp, 'snippet-init.lua')
    with open(init, 'w') as f:
        f.write(SNIPPET_INIT)
    out = os.path.join(tmp, 'snippet-out.json')
    e = dict(env, SG_SNIPPET=snippet, SG_OUT=out,
             PATH=bindir + os.pathsep + os.environ.get('PATH', ''))
    subprocess.run([nvim, '--headless', '--clean', '-u', init], cwd=root, env=e,
                   stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    got = json.load(open(out)) if os.path.exists(out) else {}
    print('editor/neovim/%s: %r' % (name, got))
    if got.get('codes') != ['drop-column']:
        F.add('editor/neovim/%s did not attach schemaguard: %r' % (name, got))


ROOT = os.environ.get('SG_SOURCE_ROOT') or os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))


def main():
    nvim = shutil.which('nvim')
    if not nvim:
        sgtest.skip('nvim not found (Debian package neovim; scripts/setup.sh installs it): '
                    'the Neovim LSP client test did not run')
    tmp = tempfile.mkdtemp(prefix='sg-nvim-')
    try:
        root = os.path.join(tmp, 'proj')
        mig = os.path.join(root, 'migrations')
        os.makedirs(mig)
        with open(os.path.join(mig, '001_init.sql'), 'w') as f:
            f.write('CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  email text NOT NULL,\n'
                    '  legacy_name text\n);\n')
        target = os.path.join(mig, '002_cleanup.sql')
        with open(target, 'w') as f:
            f.write('-- remove the old column\n    ALTER TABLE users DROP COLUMN legacy_name;\n')
        init = os.path.join(tmp, 'init.lua')
        with open(init, 'w') as f:
            f.write(INIT_LUA)
        out = os.path.join(tmp, 'out.json')
        env = dict(os.environ, SG_OUT=out, SG_FILE=target, SG_ROOT=root,
                   SCHEMAGUARD=os.path.abspath(sgtest.binary()),
                   XDG_STATE_HOME=os.path.join(tmp, 'state'),
                   XDG_CACHE_HOME=os.path.join(tmp, 'cache'),
                   XDG_DATA_HOME=os.path.join(tmp, 'data'),
                   XDG_CONFIG_HOME=os.path.join(tmp, 'config'))
        p = subprocess.run([nvim, '--headless', '--clean', '-u', init], cwd=root, env=env,
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        if not os.path.exists(out):
            print(p.stdout.decode(errors='replace'), p.stderr.decode(errors='replace'))
            sys.exit('FAIL: nvim wrote no result (exit %d)' % p.returncode)
        with open(out) as f:
            got = json.load(f)
        print('nvim 0.%s reported: %s' % (got.get('nvim'), json.dumps(got, indent=1)))
        F = sgtest.Failures()
        ds = got.get('diagnostics') or []
        if not ds:
            F.add('no diagnostics reached Neovim: %r' % got)
        else:
            d = ds[0]
            if len(ds) != 1:
                F.add('expected one diagnostic: %r' % ds)
            if d.get('code') != 'drop-column':
                F.add('rule id: %r' % d.get('code'))
            # "    ALTER TABLE users DROP COLUMN legacy_name;" -> DROP at column 22
            want = (1, 22, 1, 45)
            if (d['lnum'], d['col'], d['end_lnum'], d['end_col']) != want:
                F.add('range %r, expected %r' %
                      ((d['lnum'], d['col'], d['end_lnum'], d['end_col']), want))
            if d.get('severity') != 1:  # vim.diagnostic.severity.ERROR
                F.add('severity %r, expected 1 (ERROR)' % d.get('severity'))
            if d.get('source') != 'schemaguard':
                F.add('source %r' % d.get('source'))
            if not (d.get('href') or '').endswith('/rules/drop_column.md'):
                F.add('codeDescription.href %r' % d.get('href'))
            acts = got.get('actions') or []
            if not any(a.get('kind') == 'quickfix' and
                       a.get('text') == '    -- schemaguard-ignore drop-column: reason\n'
                       for a in acts):
                F.add('no suppression quickfix with the indented SQL comment: %r' % acts)
            if not (got.get('hover') or '').startswith('# drop-column'):
                F.add('hover does not show the rule doc: %r' % (got.get('hover') or '')[:80])
        snippet_check(F, nvim, tmp, root, target, env)
        F.finish('lsp_nvim: Neovim shows the drop-column diagnostic, quickfix and hover')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
