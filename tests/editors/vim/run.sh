#!/usr/bin/env bash
# Vim + ALE end-to-end test: Vim in silent Ex mode with the README's own ~/.vimrc snippet (ALE, the
# real linter definition in clients/vim, the seclens launcher linked into PATH), on a copy of the
# fixture project.
# Exit 77 when vim or ALE is not installed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
editor_name=vim
source "$here/../common.sh"
require_editor vim
if ! vim -N -u NONE -i NONE -n -es -c 'packadd ale' -c 'if exists("g:loaded_ale") | qall! | else | cquit 1 | endif' </dev/null; then
  echo "vim: ALE not installed (tests/editors/vim/install.sh installs vim-ale)" >&2
  exit 77
fi

user_setup
readme_snippet "$root/clients/vim/README.md" > "$work/home/.vimrc"
if ! grep -q 'clients/vim' "$work/home/.vimrc"; then
  echo "vim: FAIL: no setup snippet found in clients/vim/README.md" >&2
  exit 1
fi

cd "$work/project"
# A private HOME whose only file is the README's .vimrc; -es: no terminal needed.
log="$work/test.log"
: >"$log"
env HOME="$work/home" SECLENS_TEST_LOG="$log" \
  timeout 120 vim -N -u "$work/home/.vimrc" -i NONE -n -es -S "$here/test.vim" </dev/null && rc=0 || rc=$?
cat "$log"
if [ "$rc" -eq 124 ]; then
  echo "vim: FAIL: vim did not exit within 120 s" >&2
elif [ "$rc" -ne 0 ] && ! grep -q FAIL "$log"; then
  echo "vim: FAIL: vim exited with status $rc" >&2
fi
exit "$rc"
