-- schemaguard as a language server in Neovim 0.8 or later (vim.lsp.start).
-- Put this file in ~/.config/nvim/plugin/ (or paste it into init.lua). It starts
-- `schemaguard lsp` once per project root for the files schemaguard checks and attaches it to
-- each such buffer; vim.lsp.start reuses the running client for the same root.
local filetypes = {
  'sql', 'prisma', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact',
  'json', 'dockerfile', 'sh', 'bash', 'yaml',
}

vim.api.nvim_create_autocmd('FileType', {
  pattern = filetypes,
  group = vim.api.nvim_create_augroup('schemaguard_lsp', { clear = true }),
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    -- Of the JSON files, schemaguard reads only package.json (its scripts).
    if vim.bo[args.buf].filetype == 'json' and vim.fs.basename(file) ~= 'package.json' then
      return
    end
    local marker = vim.fs.find({ '.schemaguard.yml', '.git' }, { upward = true, path = vim.fs.dirname(file) })[1]
    vim.lsp.start({
      name = 'schemaguard',
      cmd = { 'schemaguard', 'lsp' }, -- or an absolute path to the binary
      root_dir = marker and vim.fs.dirname(marker) or vim.fs.dirname(file),
    })
  end,
})
