#!/usr/bin/env bash
# Neovim end-to-end test: headless Neovim with the real client (clients/neovim) on the runtimepath,
# against the packaged server, on a copy of the fixture project. Exit 77 when nvim is not installed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
editor_name=neovim
source "$here/../common.sh"
require_editor nvim
mkdir -p "$work/xdg/config" "$work/xdg/data" "$work/xdg/state" "$work/xdg/cache"

cd "$work/project"
# A private HOME and XDG dirs: no user config, shada or LSP log leaks in or out. -u NONE: no init files.
env HOME="$work/home" XDG_CONFIG_HOME="$work/xdg/config" XDG_DATA_HOME="$work/xdg/data" \
    XDG_STATE_HOME="$work/xdg/state" XDG_CACHE_HOME="$work/xdg/cache" \
    SECLENS_JAR="$jar" SECLENS_CLIENT_DIR="$root/clients/neovim" SECLENS_TEST_LUA="$here/test.lua" \
  timeout 120 nvim --headless -u NONE -i NONE -n \
    --cmd "lua vim.opt.runtimepath:prepend(vim.env.SECLENS_CLIENT_DIR)" \
    -c "lua dofile(vim.env.SECLENS_TEST_LUA)" </dev/null && rc=0 || rc=$?
if [ "$rc" -eq 124 ]; then
  echo "neovim: FAIL: nvim did not exit within 120 s" >&2
fi
exit "$rc"
