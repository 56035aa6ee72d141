#!/usr/bin/env bash
# Emacs + Eglot against the packaged server, through the real client clients/emacs/seclens.el.
# Exit 0 on success, 1 on failure or timeout, 77 when Emacs or Eglot is not installed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
editor_name=emacs-eglot
source "$here/../common.sh"
require_editor emacs
if ! emacs --batch --eval '(kill-emacs (if (locate-library "eglot") 0 77))' 2>/dev/null; then
  echo "emacs-eglot: eglot is not installed (tests/editors/emacs-eglot/install.sh installs it)" >&2
  exit 77
fi

# HOME: nothing of the user's Emacs setup is read or written.  timeout: test.el gives up after
# 60 s per step; this guards against Emacs itself hanging.
status=0
HOME="$work/home" \
SECLENS_EL="$root/clients/emacs/seclens.el" \
SECLENS_JAR="$jar" \
SECLENS_FIXTURE="$work/project" \
  timeout -k 5 150 emacs --batch -l "$here/test.el" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "emacs-eglot: Emacs did not finish within 150 s" >&2
  status=1
fi
exit "$status"
