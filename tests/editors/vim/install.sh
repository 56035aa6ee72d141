#!/usr/bin/env bash
# Installs Vim and ALE from Debian for the Vim end-to-end test; a no-op when both are already there.
set -euo pipefail
ale_installed() { [ -f /usr/share/vim-ale/autoload/ale.vim ] || dpkg -s vim-ale >/dev/null 2>&1; }
if command -v vim >/dev/null 2>&1 && ale_installed; then
  echo "vim: $(vim --version | head -n 1), ALE already installed" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q -o DPkg::Lock::Timeout=600
$sudo apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 vim-nox vim-ale
