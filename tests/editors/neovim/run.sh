#!/usr/bin/env bash
# Neovim end-to-end test: headless Neovim set up with the README's own init.lua snippet (the checkout
# at ~/src/seclens, the seclens launcher linked into PATH), on a copy of the fixture project.
# Exit 77 when nvim is not installed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
editor_name=neovim
source "$here/../common.sh"
require_editor nvim
mkdir -p "$work/xdg/config/nvim" "$work/xdg/data" "$work/xdg/state" "$work/xdg/cache"
user_setup
readme_snippet "$root/clients/neovim/README.md" > "$work/xdg/config/nvim/init.lua"
if ! grep -q 'require("seclens").setup' "$work/xdg/config/nvim/init.lua"; then
  echo "neovim: FAIL: no setup snippet found in clients/neovim/README.md" >&2
  exit 1
fi

cd "$work/project"
# A private HOME and XDG dirs: only the README's init.lua is read; no shada or LSP log leaks out.
env HOME="$work/home" XDG_CONFIG_HOME="$work/xdg/config" XDG_DATA_HOME="$work/xdg/data" \
    XDG_STATE_HOME="$work/xdg/state" XDG_CACHE_HOME="$work/xdg/cache" \
    SECLENS_TEST_LUA="$here/test.lua" \
  timeout 120 nvim --headless -i NONE -n \
    -c "lua dofile(vim.env.SECLENS_TEST_LUA)" </dev/null && rc=0 || rc=$?
if [ "$rc" -eq 124 ]; then
  echo "neovim: FAIL: nvim did not exit within 120 s" >&2
fi
exit "$rc"
