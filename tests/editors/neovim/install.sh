#!/usr/bin/env bash
# Installs Neovim from Debian (0.7.2 on bookworm) for the Neovim end-to-end test; a no-op when nvim is
# already on PATH.
set -euo pipefail
if command -v nvim >/dev/null 2>&1; then
  echo "neovim: $(nvim --version | head -n 1) already installed" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q -o DPkg::Lock::Timeout=600
$sudo apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 neovim
