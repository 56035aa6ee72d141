-- Neovim end-to-end test, run by run.sh as `nvim --headless ... -c "lua dofile(test.lua)"` after the
-- README's init.lua snippet (clients/neovim on the runtimepath, setup() with its defaults: the
-- seclens launcher on PATH), the current directory a copy of the fixture project.
-- Exits 0 on success, with `cquit N` and a message on stderr otherwise.
-- Then: the preferred quick fix; accepting a finding makes it disappear with no other action;
-- writing .seclens.json updates an open and a closed file; :SecLensRuleDoc opens a rule's
-- documentation served by the server. Last, a pom.xml written into the project must be attached by
-- name and get java/vulnerable-dependency.

local TIMEOUT_MS = tonumber(os.getenv("SECLENS_TEST_TIMEOUT_MS") or "") or 60000
local FILE = "src/main/java/com/example/Vulnerable.java"
local RULE = "java/weak-hash"
-- 1-based line 7, columns 16-48 (end exclusive) => Neovim's 0-based lnum 6, col 15, end_col 47.
local WANT = { lnum = 6, col = 15, end_lnum = 6, end_col = 47 }
local FIXED_LINE = 'MessageDigest.getInstance("SHA-256")'

local function say(msg)
  io.stdout:write("neovim: " .. msg .. "\n")
  io.stdout:flush()
end

local function fail(code, msg)
  io.stderr:write("neovim: FAIL: " .. msg .. "\n")
  io.stderr:flush()
  vim.cmd("cquit " .. code)
end

local function describe(diags)
  if #diags == 0 then
    return "no diagnostics"
  end
  local parts = {}
  for _, d in ipairs(diags) do
    table.insert(parts, string.format("%s [%s] %d:%d-%d:%d (0-based) source=%s: %s", tostring(d.code),
      vim.inspect(d.severity), d.lnum, d.col, d.end_lnum or -1, d.end_col or -1, tostring(d.source),
      (d.message or ""):gsub("\n", " ")))
  end
  return table.concat(parts, "; ")
end

local function run()
  say(vim.split(vim.fn.execute("version"), "\n", { trimempty = true })[1])

  -- The real client module, loaded by the README's snippet in init.lua.
  local seclens = package.loaded["seclens"]
  if not seclens then
    return fail(3, "the README's init.lua did not load clients/neovim/lua/seclens")
  end

  vim.cmd("edit " .. vim.fn.fnameescape(FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.bo[bufnr].filetype ~= "java" then
    return fail(4, "filetype of " .. FILE .. " is '" .. vim.bo[bufnr].filetype .. "', expected 'java'")
  end

  -- 1. A client attaches.
  local client
  vim.wait(TIMEOUT_MS, function()
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if c.name == "seclens" and c.initialized then
        client = c
        return true
      end
    end
    return false
  end, 50)
  if not client then
    return fail(5, "no initialized 'seclens' client attached to " .. FILE .. " within " .. TIMEOUT_MS .. " ms")
  end
  say("client attached, root " .. tostring(client.config.root_dir))

  -- 2. The weak-hash diagnostic arrives with the expected range and source.
  local function weak_hash()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == RULE then
        return d
      end
    end
    return nil
  end
  local diag
  vim.wait(TIMEOUT_MS, function()
    diag = weak_hash()
    return diag ~= nil
  end, 50)
  if not diag then
    return fail(6, string.format("expected a %s diagnostic within %d ms; got: %s", RULE, TIMEOUT_MS,
      describe(vim.diagnostic.get(bufnr))))
  end
  for key, want in pairs(WANT) do
    if diag[key] ~= want then
      return fail(7, string.format("expected %s at lnum %d col %d to lnum %d col %d (0-based); got %s",
        RULE, WANT.lnum, WANT.col, WANT.end_lnum, WANT.end_col, describe({ diag })))
    end
  end
  if diag.source ~= "seclens" then
    return fail(8, "expected source 'seclens'; got " .. describe({ diag }))
  end
  say("diagnostic OK: " .. describe({ diag }))

  -- A second Java buffer of the same project reuses the client.
  local other = "src/main/java/com/example/Other.java"
  vim.fn.writefile({ "package com.example;", "", "class Other {}" }, other)
  vim.cmd("edit " .. vim.fn.fnameescape(other))
  local other_buf = vim.api.nvim_get_current_buf()
  vim.wait(TIMEOUT_MS, function()
    return vim.lsp.buf_get_clients(other_buf)[client.id] ~= nil
  end, 50)
  local names = {}
  for _, c in pairs(vim.lsp.get_active_clients()) do
    table.insert(names, c.name .. "#" .. c.id)
  end
  if vim.lsp.buf_get_clients(other_buf)[client.id] == nil or #names ~= 1 then
    return fail(15, string.format("expected %s to share client #%d; active clients: %s", other, client.id,
      table.concat(names, ", ")))
  end
  vim.cmd("buffer " .. bufnr)
  say("second buffer reuses client #" .. client.id)

  -- 3. The preferred quick fix, when the server offers code actions.
  local caps = client.server_capabilities or {}
  if not caps.codeActionProvider then
    say("code actions not offered by this server: skipped")
    return vim.cmd("qall!")
  end

  -- The diagnostic as the server sent it (range in the client's offset encoding).
  local lsp_diag = vim.tbl_extend("force", diag.user_data and diag.user_data.lsp or {}, {
    range = {
      start = { line = diag.lnum, character = diag.col },
      ["end"] = { line = diag.end_lnum, character = diag.end_col },
    },
    severity = diag.severity, -- vim.diagnostic.severity uses LSP's numbers
    message = diag.message,
    source = diag.source,
    code = diag.code,
  })
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag } },
  }
  local response, err = client.request_sync("textDocument/codeAction", params, TIMEOUT_MS, bufnr)
  if not response or response.err then
    return fail(9, "textDocument/codeAction failed: " .. vim.inspect(err or (response and response.err)))
  end
  local actions = response.result or {}
  local action
  for _, a in ipairs(actions) do
    if a.isPreferred and (a.kind == "quickfix" or (a.kind or ""):match("^quickfix%.")) then
      action = a
      break
    end
  end
  if not action then
    local titles = {}
    for _, a in ipairs(actions) do
      table.insert(titles, string.format("%q (kind %s, preferred %s)", tostring(a.title), tostring(a.kind),
        tostring(a.isPreferred)))
    end
    return fail(10, "expected a preferred quickfix code action; got " .. #actions .. ": " .. table.concat(titles, ", "))
  end
  if not vim.startswith(action.title or "", "Use SHA-256") then
    return fail(11, "expected the preferred quick fix to be titled 'Use SHA-256...'; got " .. vim.inspect(action.title))
  end
  say("code action: " .. action.title)

  if not action.edit and not action.command and type(caps.codeActionProvider) == "table"
      and caps.codeActionProvider.resolveProvider then
    local resolved = client.request_sync("codeAction/resolve", action, TIMEOUT_MS, bufnr)
    if resolved and resolved.result then
      action = resolved.result
    end
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  if action.command then
    local command = type(action.command) == "table" and action.command or action
    local r = client.request_sync("workspace/executeCommand", command, TIMEOUT_MS, bufnr)
    if not r or r.err then
      return fail(12, "workspace/executeCommand failed: " .. vim.inspect(r and r.err))
    end
  end
  if not action.edit and not action.command then
    return fail(13, "the quick fix has neither an edit nor a command: " .. vim.inspect(action))
  end

  -- 4. The line is fixed and the server withdraws the diagnostic.
  local function line7()
    return vim.api.nvim_buf_get_lines(bufnr, 6, 7, false)[1] or ""
  end
  local fixed = vim.wait(TIMEOUT_MS, function()
    return line7():find(FIXED_LINE, 1, true) ~= nil and weak_hash() == nil
  end, 50)
  if not fixed then
    return fail(14, string.format("after the quick fix, expected line 7 to contain %s and no %s diagnostic; "
      .. "line 7 is %q, diagnostics: %s", FIXED_LINE, RULE, line7(), describe(vim.diagnostic.get(bufnr))))
  end
  say("quick fix applied; line 7 now reads: " .. vim.trim(line7()) .. " (" .. RULE .. " gone)")

  local function has_rule(buf)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == RULE then
        return d
      end
    end
    return nil
  end

  -- 5. Accept a finding: the code action's command; the diagnostic goes with no other action.
  vim.cmd("edit src/main/java/com/example/Accepted.java")
  local accepted = vim.api.nvim_get_current_buf()
  local finding
  vim.wait(TIMEOUT_MS, function()
    finding = has_rule(accepted)
    return finding ~= nil
  end, 50)
  if not finding then
    return fail(21, "no " .. RULE .. " in Accepted.java: " .. describe(vim.diagnostic.get(accepted)))
  end
  local range = { start = { line = finding.lnum, character = finding.col },
    ["end"] = { line = finding.end_lnum, character = finding.end_col } }
  local answer = client.request_sync("textDocument/codeAction", { textDocument = { uri = vim.uri_from_bufnr(accepted) },
    range = range, context = { diagnostics = { { range = range, code = RULE, message = finding.message } } } },
    TIMEOUT_MS, accepted)
  local accept
  for _, a in ipairs(answer and answer.result or {}) do
    if (a.title or ""):match("^Accept this finding") then
      accept = a
    end
  end
  if not accept or not accept.command then
    return fail(22, "no 'Accept this finding' action with a command: " .. vim.inspect(answer))
  end
  client.request_sync("workspace/executeCommand", accept.command, TIMEOUT_MS, accepted)
  if not vim.wait(TIMEOUT_MS, function() return has_rule(accepted) == nil end, 50) then
    return fail(23, "the accepted finding stayed: " .. describe(vim.diagnostic.get(accepted)))
  end
  if vim.fn.filereadable(".seclens/ignored.json") ~= 1 then
    return fail(24, ".seclens/ignored.json was not written at the project root")
  end
  for _, b in ipairs(vim.fn.getbufinfo({ bufmodified = 1 })) do
    if b.name:match("%.seclens") then
      return fail(25, "a modified buffer was left behind for " .. b.name)
    end
  end
  say("accepted: recorded in .seclens/ignored.json, diagnostic gone")

  -- 6. .seclens.json written in the editor: an open and a closed file follow at once.
  local closed = vim.fn.bufadd(vim.fn.fnamemodify("src/main/java/com/example/Closed.java", ":p"))
  if not vim.wait(TIMEOUT_MS, function() return has_rule(closed) ~= nil end, 50) then
    return fail(26, "the workspace scan reported nothing for the closed Closed.java")
  end
  vim.cmd("edit src/main/java/com/example/Configured.java")
  local configured = vim.api.nvim_get_current_buf()
  if not vim.wait(TIMEOUT_MS, function() return has_rule(configured) ~= nil end, 50) then
    return fail(27, "no " .. RULE .. " in Configured.java: " .. describe(vim.diagnostic.get(configured)))
  end
  vim.cmd("edit .seclens.json")
  vim.api.nvim_buf_set_lines(0, 0, -1, false, { '{ "rules": { "java/weak-hash": false } }' })
  vim.cmd("write")
  local followed = vim.wait(TIMEOUT_MS, function()
    return has_rule(configured) == nil and has_rule(closed) == nil
  end, 50)
  if not followed then
    return fail(28, "after .seclens.json turned java/weak-hash off: Configured.java " .. describe(
      vim.diagnostic.get(configured)) .. "; Closed.java " .. describe(vim.diagnostic.get(closed)))
  end
  say(".seclens.json: open and closed files updated")

  -- 7. The rule's documentation, from the server (run.sh has no network to offer anyway).
  vim.cmd("SecLensRuleDoc " .. RULE)
  local doc = vim.api.nvim_buf_get_lines(0, 0, 1, false)[1] or ""
  if not vim.startswith(doc, "# Broken hash algorithm") then
    return fail(29, "SecLensRuleDoc opened " .. vim.api.nvim_buf_get_name(0) .. " starting " .. vim.inspect(doc))
  end
  say("rule documentation: " .. doc)

  -- 5. A pom.xml (filetype xml) is attached by name and gets the vulnerable-dependency diagnostic.
  vim.fn.writefile({ "<project>", "  <dependencies>", "    <dependency>",
    "      <groupId>org.apache.logging.log4j</groupId>", "      <artifactId>log4j-core</artifactId>",
    "      <version>2.14.1</version>", "    </dependency>", "  </dependencies>", "</project>" }, "pom.xml")
  vim.cmd("edit pom.xml")
  local pom = vim.api.nvim_get_current_buf()
  local function vulnerable()
    for _, d in ipairs(vim.diagnostic.get(pom)) do
      if d.code == "java/vulnerable-dependency" then
        return d
      end
    end
  end
  vim.wait(TIMEOUT_MS, function()
    return vulnerable() ~= nil
  end, 50)
  local dependency = vulnerable()
  if dependency == nil or dependency.lnum ~= 5 then
    return fail(16, "expected a java/vulnerable-dependency diagnostic on line 6 of pom.xml; got: "
      .. describe(vim.diagnostic.get(pom)))
  end
  say("build file OK: " .. describe({ dependency }))
  vim.cmd("qall!")
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  fail(20, "error in test.lua: " .. tostring(err))
end
