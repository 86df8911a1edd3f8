-- schemaguard as a language server in Neovim 0.7 (Debian 12 ships 0.7.2, which has no
-- vim.lsp.start): one client per project root through vim.lsp.start_client, attached to each
-- buffer of a file kind schemaguard checks. Put this file in ~/.config/nvim/plugin/.
local filetypes = {
  'sql', 'prisma', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact',
  'json', 'dockerfile', 'sh', 'bash', 'yaml',
}
local clients = {} -- root directory -> client id

local function root_of(file)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  local config = vim.fn.findfile('.schemaguard.yml', dir .. ';')
  if config ~= '' then
    return vim.fn.fnamemodify(config, ':p:h')
  end
  local git = vim.fn.finddir('.git', dir .. ';')
  if git ~= '' then
    return vim.fn.fnamemodify(git, ':p:h:h') -- ':p' of a directory ends in '/'
  end
  local gitfile = vim.fn.findfile('.git', dir .. ';') -- worktrees and submodules
  if gitfile ~= '' then
    return vim.fn.fnamemodify(gitfile, ':p:h')
  end
  return dir
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = filetypes,
  group = vim.api.nvim_create_augroup('schemaguard_lsp', { clear = true }),
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    if vim.bo[args.buf].filetype == 'json' and vim.fn.fnamemodify(file, ':t') ~= 'package.json' then
      return
    end
    local root = root_of(file)
    local id = clients[root]
    if not id or not vim.lsp.get_client_by_id(id) then
      id = vim.lsp.start_client({
        name = 'schemaguard',
        cmd = { 'schemaguard', 'lsp' }, -- or an absolute path to the binary
        root_dir = root,
      })
      clients[root] = id
    end
    if id then
      vim.lsp.buf_attach_client(args.buf, id)
    end
  end,
})
