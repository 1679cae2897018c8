-- Run by tests/test_editor_nvim.py in a headless Neovim with editors/nvim/slac.lua loaded and a
-- policy open: waits for `slac lsp` to publish diagnostics, asks for a hover on line 19 (0-based
-- 18), column 17, and writes both as JSON to $SLAC_NVIM_OUT.
local out = os.getenv("SLAC_NVIM_OUT")
local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local found = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(found, { code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message, severity = d.severity })
end
local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 18, character = 16 } }
local replies = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 10000) or {}
local hover = nil
for _, reply in pairs(replies) do
  if reply.result then hover = reply.result.contents.value end
end
local file = io.open(out, "w")
file:write(vim.fn.json_encode({ waited = ok, diagnostics = found, hover = hover }))
file:close()
vim.cmd("qa!")
