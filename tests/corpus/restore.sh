#!/usr/bin/env bash
# Restores the precision corpus (projects.tsv) into a folder, each project at its pinned commit.
#
# This script needs local git mirrors and no network: it expects each repository OWNER/NAME
# as a git directory at $SECLENS_MIRRORS/OWNER+NAME/repo (default /work/.mirror, where the
# development machines' fetch tool puts them). CI and other machines have no such mirrors, so
# this is not part of `mvn verify`; the corpus benchmark is run by hand (see README.md here).
#
# usage: tests/corpus/restore.sh [DEST]      (default DEST: /tmp/seclens-corpus)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mirrors="${SECLENS_MIRRORS:-/work/.mirror}"
dest="${1:-/tmp/seclens-corpus}"
mkdir -p "$dest"
status=0
while IFS=$'\t' read -r project repository commit kind; do
  case "$project" in ''|'#'*) continue ;; esac
  git_dir="$mirrors/${repository/\//+}/repo"
  if [ ! -d "$git_dir" ]; then
    echo "restore.sh: no mirror of $repository at $git_dir (fetch it first)" >&2
    status=1
    continue
  fi
  if ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "restore.sh: $git_dir lacks the pinned commit $commit of $repository" >&2
    status=1
    continue
  fi
  target="$dest/$project"
  if [ -f "$target/.corpus-commit" ] && [ "$(cat "$target/.corpus-commit")" = "$commit" ]; then
    echo "$project: already at $commit"
    continue
  fi
  rm -rf "$target"
  mkdir -p "$target"
  git --git-dir="$git_dir" archive "$commit" | tar -x -C "$target"
  echo "$commit" > "$target/.corpus-commit"
  echo "$project ($kind): $repository at $commit -> $target"
done < "$here/projects.tsv"
exit $status
