#!/usr/bin/env bash
# Emacs + eglot against the packaged server, through the real client clients/emacs/seclens.el.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
emacs_client=eglot
source "$here/../emacs.sh"
readme_marker="setup below"
emacs_run "$here"
