-- SecLens for Neovim: starts `seclens lsp` (stdio) for Java buffers and build files (checked for
-- dependencies with known vulnerabilities), one client per project root.
--
--   require("seclens").setup({
--     cmd = { "seclens", "lsp" },          -- or { "java", "-jar", "/path/to/seclens.jar", "lsp" }
--     settings = {},                        -- sent to the server as settings.seclens
--     root_markers = { "pom.xml", ... },    -- files or folders that mark a project root
--     build_files = { "pom.xml", ... },     -- file name patterns of build files to check
--   })
--
-- Uses vim.lsp.start on Neovim >= 0.8 and vim.lsp.start_client + vim.lsp.buf_attach_client on 0.7.
--
-- Around the analysis: :SecLensRuleDoc [rule] opens a rule's documentation (served by the server,
-- no network) in a split; writing .seclens.json or .seclens/ignored.json tells the server at once
-- (Neovim 0.7 watches no files for it); edits the server makes to those files are saved right away.

local M = {}

local defaults = {
  name = "seclens",
  cmd = { "seclens", "lsp" },
  filetypes = { "java" },
  -- By name, not filetype: xml, groovy, kotlin and toml buffers are mostly not build files.
  build_files = { "pom.xml", "build.gradle", "build.gradle.kts", "*.versions.toml" },
  settings = {},
  root_markers = { "pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts",
    ".git", ".seclens.json" },
  -- optional: on_attach = function(client, bufnr) end, capabilities = {...}, cmd_env = {...}
}

M.config = vim.deepcopy(defaults)

-- Neovim 0.7 only: client id per root directory, so buffers of one project share one server.
local clients_by_root = {}
local warned_missing = false

local function is_dir(path)
  local stat = vim.loop.fs_stat(path)
  return stat ~= nil and stat.type == "directory"
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ":h")
end

--- The nearest folder above `path` (a file) holding one of `markers`; without one, the current
--- directory when the file lies inside it, else the file's own folder.
function M.find_root(path, markers)
  path = vim.fn.fnamemodify(path, ":p")
  local dir = is_dir(path) and path or dirname(path)
  dir = dir:gsub("/+$", "")
  if dir == "" then
    dir = "/"
  end
  local current = dir
  while true do
    for _, marker in ipairs(markers or M.config.root_markers) do
      if vim.loop.fs_stat(current .. "/" .. marker) then
        return current
      end
    end
    local parent = dirname(current)
    if parent == current then
      break
    end
    current = parent
  end
  local cwd = vim.fn.getcwd()
  if dir == cwd or dir:sub(1, #cwd + 1) == cwd .. "/" then
    return cwd
  end
  return dir
end

-- SecLens's own project files: the configuration and the accepted findings.
local function is_project_file(fname)
  return fname:match("/%.seclens%.json$") ~= nil or fname:match("/%.seclens/ignored%.json$") ~= nil
end

-- workspace/applyEdit as Neovim applies it, then the project files it touched are saved: the server
-- re-reads them from disk, and a hidden modified buffer would keep the change from ever arriving.
local function apply_edit(err, result, ctx, config)
  local response = vim.lsp.handlers["workspace/applyEdit"](err, result, ctx, config)
  local edit = result and result.edit or {}
  local uris = vim.tbl_keys(edit.changes or {})
  for _, change in ipairs(edit.documentChanges or {}) do
    table.insert(uris, change.textDocument and change.textDocument.uri or change.uri)
  end
  for _, uri in ipairs(uris) do
    local fname = vim.uri_to_fname(uri)
    local buf = vim.fn.bufnr(fname)
    if is_project_file(fname) and buf ~= -1 and vim.bo[buf].modified then
      vim.fn.mkdir(vim.fn.fnamemodify(fname, ":h"), "p")
      vim.api.nvim_buf_call(buf, function()
        vim.cmd("silent noautocmd write")
      end)
    end
  end
  return response
end

local function client_config(root)
  local cfg = M.config
  return {
    name = cfg.name,
    cmd = cfg.cmd,
    cmd_env = cfg.cmd_env,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    -- vim.empty_dict() so that empty settings go out as {} rather than [].
    settings = { seclens = (cfg.settings and next(cfg.settings)) and cfg.settings or vim.empty_dict() },
    capabilities = cfg.capabilities,
    handlers = { ["workspace/applyEdit"] = apply_edit },
    on_attach = cfg.on_attach,
    on_init = function(client)
      -- Neovim 0.7 does not send the settings by itself; a second copy from newer versions is harmless.
      client.notify("workspace/didChangeConfiguration", { settings = client.config.settings })
      return true
    end,
    on_exit = function(_, _, client_id)
      for root_dir, id in pairs(clients_by_root) do
        if id == client_id then
          clients_by_root[root_dir] = nil
        end
      end
    end,
  }
end

local function executable_ok()
  local exe = M.config.cmd[1]
  if exe and vim.fn.executable(exe) == 1 then
    return true
  end
  if not warned_missing then
    warned_missing = true
    vim.notify(string.format("seclens: %q is not executable; set cmd in require('seclens').setup()",
      tostring(exe)), vim.log.levels.WARN)
  end
  return false
end

--- Starts (or reuses) the server for the buffer's project and attaches the buffer. Returns the
--- client id, or nil when the buffer is not a file or the command is missing.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" or name:match("^%a[%w+.-]*://") then
    return nil
  end
  if not executable_ok() then
    return nil
  end
  local root = M.find_root(name, M.config.root_markers)

  if vim.fn.has("nvim-0.8") == 1 and vim.lsp.start then
    -- vim.lsp.start reuses a running client with the same name and root_dir.
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end

  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Whether the file's name matches one of the build_files patterns (as the autocommand matches it).
function M.is_build_file(path)
  local name = vim.fn.fnamemodify(path, ":t")
  for _, pattern in ipairs(M.config.build_files) do
    if name ~= "" and vim.fn.match(name, vim.fn.glob2regpat(pattern)) >= 0 then
      return true
    end
  end
  return false
end

--- The SecLens clients running now.
local function seclens_clients()
  local found = {}
  for _, client in pairs(vim.lsp.get_active_clients()) do
    if client.name == M.config.name then
      table.insert(found, client)
    end
  end
  return found
end

--- Tells every SecLens server that one of its project files changed on disk (what a file watcher
--- would say): open and closed files are analysed again at once.
function M.project_file_written(fname)
  local uri = vim.uri_from_fname(vim.fn.fnamemodify(fname, ":p"))
  for _, client in ipairs(seclens_clients()) do
    client.notify("workspace/didChangeWatchedFiles", { changes = { { uri = uri, type = 2 } } })
  end
end

--- The rule of the SecLens diagnostic under the cursor, if any.
local function rule_at_cursor()
  local line = vim.api.nvim_win_get_cursor(0)[1] - 1
  for _, d in ipairs(vim.diagnostic.get(0, { lnum = line })) do
    if d.source == "seclens" and type(d.code) == "string" and d.code:match("^java/") then
      return d.code
    end
  end
end

--- Opens the documentation of `rule` (default: the SecLens diagnostic under the cursor) in a split,
--- as Markdown the server reads from its jar. Returns the buffer, or nil with a message.
function M.show_rule_doc(rule)
  rule = (rule and rule ~= "") and rule or rule_at_cursor()
  if not rule then
    vim.notify("seclens: no rule given and no SecLens diagnostic under the cursor", vim.log.levels.WARN)
    return nil
  end
  local client = seclens_clients()[1]
  if not client then
    vim.notify("seclens: the server is not running", vim.log.levels.WARN)
    return nil
  end
  local response = client.request_sync("workspace/executeCommand",
    { command = "seclens.showRuleDoc", arguments = { rule } }, 10000, 0)
  if not response or response.err or not response.result then
    vim.notify("seclens: no documentation for " .. rule .. ": " .. vim.inspect(response and response.err),
      vim.log.levels.WARN)
    return nil
  end
  local name = "seclens://rules/" .. rule
  local buf = vim.fn.bufnr(name)
  if buf == -1 then
    buf = vim.api.nvim_create_buf(false, true)
    vim.api.nvim_buf_set_name(buf, name)
  end
  vim.bo[buf].modifiable = true
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(response.result.markdown, "\n", { plain = true }))
  vim.bo[buf].modifiable = false
  vim.bo[buf].filetype = "markdown"
  vim.cmd("split")
  vim.api.nvim_win_set_buf(0, buf)
  return buf
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  -- Lists replace the defaults rather than merging index by index.
  for _, key in ipairs({ "cmd", "filetypes", "root_markers", "build_files" }) do
    if opts and opts[key] then
      M.config[key] = type(opts[key]) == "string" and { opts[key] } or opts[key]
    end
  end
  warned_missing = false

  local group = vim.api.nvim_create_augroup("seclens", { clear = true })
  local function attach(args)
    M.attach(args.buf)
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = group, pattern = M.config.filetypes, callback = attach, desc = "Start the SecLens language server",
  })
  if #M.config.build_files > 0 then
    vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
      group = group, pattern = M.config.build_files, callback = attach,
      desc = "Check build files with the SecLens language server",
    })
  end
  vim.api.nvim_create_autocmd("BufWritePost", {
    group = group, pattern = { ".seclens.json", "*/.seclens/ignored.json" },
    callback = function(args)
      M.project_file_written(args.match)
    end,
    desc = "Tell SecLens its configuration or ignore file changed",
  })
  vim.api.nvim_create_user_command("SecLensRuleDoc", function(command)
    M.show_rule_doc(command.args)
  end, { nargs = "?", desc = "SecLens: show a rule's documentation (default: the diagnostic under the cursor)" })
  -- Buffers opened before setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf)
        and (vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) or M.is_build_file(vim.api.nvim_buf_get_name(buf))) then
      M.attach(buf)
    end
  end
end

return M
