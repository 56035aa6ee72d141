#!/usr/bin/env bash
# Emacs + lsp-mode against the packaged server, through the real client clients/emacs/seclens.el.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
emacs_client=lsp-mode
source "$here/../emacs.sh"
readme_marker="lsp-mode setup below"
emacs_run "$here"
