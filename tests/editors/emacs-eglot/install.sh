#!/usr/bin/env bash
# Installs Emacs and Eglot from Debian (Emacs 28.2, eglot 1.9); quick when both are there already.
# Not Emacs 30 from backports: installing it removes elpa-eglot.
set -euo pipefail
packages=(emacs-nox elpa-eglot)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "emacs-eglot: ${packages[*]} already installed" >&2
  exit 0
fi
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "emacs-eglot: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
