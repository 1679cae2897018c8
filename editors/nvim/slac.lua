-- slac for Neovim (0.7 or later): `.sla` files get the `slac` filetype, and `slac lsp` attaches
-- to them (diagnostics as you type, hover, go to definition, references, completion, outline,
-- quick fixes, formatting). Needs `slac` on PATH with its `lsp` extra: pip install 'slac[lsp]'.
--
-- Use: copy this file to ~/.config/nvim/plugin/slac.lua, or `:luafile path/to/slac.lua`.
-- Highlighting: Neovim does not read TextMate grammars; `syntax` below marks comments, strings
-- and numbers, and semantic colours come from the server's diagnostics and hover.

local client_id = nil

local function start(buffer)
  local config = {
    name = "slac",
    cmd = { "slac", "lsp" },
    root_dir = vim.fn.getcwd(),
  }
  if vim.lsp.start then -- Neovim 0.8+: finds or starts the client for this root
    vim.lsp.start(config, { bufnr = buffer })
    return
  end
  if client_id == nil or vim.lsp.client_is_stopped(client_id) then
    client_id = vim.lsp.start_client(config)
  end
  vim.lsp.buf_attach_client(buffer, client_id)
end

vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
  pattern = "*.sla",
  callback = function(args)
    vim.bo[args.buf].filetype = "slac"
  end,
})

vim.api.nvim_create_autocmd("FileType", {
  pattern = "slac",
  callback = function(args)
    vim.bo[args.buf].commentstring = "# %s"
    vim.cmd([[
      syntax match slacComment "#.*$"
      syntax region slacString start=+"+ skip=+\\.+ end=+"+ oneline
      syntax match slacNumber "\<\d\+\(\.\d\+\)\?\([hms%]\|:\d\d\)\?\>"
      highlight default link slacComment Comment
      highlight default link slacString String
      highlight default link slacNumber Number
    ]])
    start(args.buf)
  end,
})
