#!/usr/bin/env bash
# Installs Emacs and eglot from Debian for the emacs-eglot end-to-end test.
set -euo pipefail
emacs_client=eglot
source "$(dirname "${BASH_SOURCE[0]}")/../emacs.sh"
emacs_install
