-- Neovim 0.7's built-in LSP client against `corolint --lsp` (run by
-- lsp_nvim_test.sh). Opens LSP_FILE, waits for corolint's diagnostic, asks
-- for the code action at it, applies the action's WorkspaceEdit, compares the
-- buffer with LSP_EXPECTED, waits for the diagnostic to go (the unsaved
-- buffer is analysed again), and stops the server. Exits 0 on success, 1 on
-- a failed check (reason on stderr). Every wait is bounded (vim.wait).
local function say(msg) io.stderr:write(msg .. "\n") end

local function run()
  local corolint, file = os.getenv("COROLINT"), os.getenv("LSP_FILE")
  local expected_file, root = os.getenv("LSP_EXPECTED"), os.getenv("LSP_ROOT")
  vim.lsp.set_log_level("WARN")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local exit_code
  local client_id = vim.lsp.start_client({
    name = "corolint",
    cmd = { corolint, "--lsp" },
    root_dir = root,
    on_exit = function(code) exit_code = code end,
  })
  assert(client_id, "vim.lsp.start_client failed")
  assert(vim.lsp.buf_attach_client(bufnr, client_id), "buf_attach_client failed")

  assert(vim.wait(60000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50),
         "no diagnostics within 60 s")
  local diags = vim.diagnostic.get(bufnr)
  assert(#diags == 1, "expected 1 diagnostic, got " .. #diags)
  local d = diags[1]
  assert(d.source == "corolint", "source: " .. tostring(d.source))
  assert(d.code == "corolint-blocking-sleep", "code: " .. tostring(d.code))
  -- Line 5 is "  /* é𝄞 */ sleep(1);": 'sleep' starts at byte 15 (12 UTF-16
  -- units); Neovim converts the server's UTF-16 range back to bytes.
  assert(d.lnum == 4 and d.col == 15 and d.end_col == 20,
         string.format("range: %d:%d-%d", d.lnum, d.col, d.end_col))
  local related = d.user_data.lsp.relatedInformation
  assert(related and #related == 1 and related[1].message == "coroutine 'nap' starts here",
         "relatedInformation: " .. vim.inspect(related))

  -- The code action under the cursor, placed on the call.
  local client = vim.lsp.get_client_by_id(client_id)
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col + 2 })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr) }
  local response, err = client.request_sync("textDocument/codeAction", params, 30000, bufnr)
  assert(response and not response.err, "codeAction failed: " .. vim.inspect(err or response))
  local actions = response.result
  assert(actions and #actions == 1, "expected 1 code action, got " .. vim.inspect(actions))
  assert(actions[1].kind == "quickfix", "kind: " .. tostring(actions[1].kind))
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)

  local got = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true), "\n") .. "\n"
  local f = assert(io.open(expected_file, "rb"))
  local want = f:read("*a")
  f:close()
  assert(got == want, "buffer after the fix:\n" .. got .. "\nexpected:\n" .. want)

  -- The edit is unsaved: only the buffer is fixed, and the server, given
  -- the buffer, takes the diagnostic back.
  assert(vim.wait(60000, function() return #vim.diagnostic.get(bufnr) == 0 end, 50),
         "the diagnostic stayed after the fix")
  assert(vim.bo[bufnr].modified, "the buffer should still be unsaved")

  vim.lsp.stop_client(client_id)
  assert(vim.wait(30000, function() return exit_code ~= nil end, 50),
         "the server did not exit after shutdown")
  assert(exit_code == 0, "server exit code " .. tostring(exit_code))
end

local ok, err = pcall(run)
if ok then
  say("lsp_nvim_test: passed")
  vim.cmd("qall!")
else
  say("lsp_nvim_test: FAILED: " .. tostring(err))
  vim.cmd("cquit 1")
end
