#!/usr/bin/env bash
# Installs every editor the end-to-end tests drive (CI runs this before the test command).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
shopt -s nullglob
for script in "$here"/*/install.sh; do
  echo "== $script" >&2
  bash "$script"
done
