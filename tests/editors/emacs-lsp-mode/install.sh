#!/usr/bin/env bash
# Installs Emacs and lsp-mode from Debian for the emacs-lsp-mode end-to-end test.
set -euo pipefail
emacs_client=lsp-mode
source "$(dirname "${BASH_SOURCE[0]}")/../emacs.sh"
emacs_install
