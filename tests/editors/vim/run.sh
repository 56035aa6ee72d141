#!/usr/bin/env bash
# Vim + ALE end-to-end test: Vim in silent Ex mode with ALE and the real linter definition
# (clients/vim) on the runtimepath, against the packaged server, on a copy of the fixture project.
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

cd "$work/project"
# A private HOME: no user vimrc or packages. -u NONE: no init files; -es: no terminal needed.
log="$work/test.log"
: >"$log"
env HOME="$work/home" SECLENS_JAR="$jar" SECLENS_CLIENT_DIR="$root/clients/vim" SECLENS_TEST_LOG="$log" \
  timeout 120 vim -N -u NONE -i NONE -n -es -S "$here/test.vim" </dev/null && rc=0 || rc=$?
cat "$log"
if [ "$rc" -eq 124 ]; then
  echo "vim: FAIL: vim did not exit within 120 s" >&2
elif [ "$rc" -ne 0 ] && ! grep -q FAIL "$log"; then
  echo "vim: FAIL: vim exited with status $rc" >&2
fi
exit "$rc"
