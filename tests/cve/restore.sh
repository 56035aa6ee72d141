#!/usr/bin/env bash
# Restores each CVE of tests/cve/*.properties into a folder: the repository at its `vulnerable`
# commit (the parent of the fix) as DEST/<CVE-ID>, and with --fixed also at its `fixed` commit as
# DEST/<CVE-ID>-fixed.
#
# This script needs local git mirrors and no network: it expects each repository OWNER/NAME
# as a git directory at $SECLENS_MIRRORS/OWNER+NAME/repo (default /work/.mirror, where the
# development machines' fetch tool puts them). CI and other machines have no such mirrors, so
# this is not part of `mvn verify`; the CVE check is run by hand (see README.md here).
#
# usage: tests/cve/restore.sh [--fixed] [DEST]      (default DEST: /tmp/seclens-cve)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mirrors="${SECLENS_MIRRORS:-/work/.mirror}"
fixed=false
if [ "${1:-}" = "--fixed" ]; then
  fixed=true
  shift
fi
dest="${1:-/tmp/seclens-cve}"
mkdir -p "$dest"
status=0

# The value of KEY in a properties file (KEY=VALUE lines; a trailing `# comment` is not part of it).
property() {
  sed -n "s/^$2=\([^#]*\).*/\1/p" "$1" | head -n 1 | sed 's/[[:space:]]*$//'
}

restore() { # CVE-ID REPOSITORY COMMIT TARGET
  local git_dir="$mirrors/${2/\//+}/repo"
  if [ ! -d "$git_dir" ]; then
    echo "restore.sh: $1: no mirror of $2 at $git_dir (fetch it first)" >&2
    return 1
  fi
  if ! git --git-dir="$git_dir" cat-file -e "$3^{commit}" 2>/dev/null; then
    echo "restore.sh: $1: $git_dir lacks the commit $3 of $2" >&2
    return 1
  fi
  if [ -f "$4/.cve-commit" ] && [ "$(cat "$4/.cve-commit")" = "$3" ]; then
    echo "$(basename "$4"): already at $3"
    return 0
  fi
  # A mirror lacks files of 4 MiB and more (data, never Java sources), on which `git archive`
  # fails: check the commit out through an index of its own (nothing is written to the mirror),
  # leaving those files out and saying which.
  local index
  index="$(mktemp)"
  rm -rf "$4"
  mkdir -p "$4"
  GIT_INDEX_FILE="$index" git --git-dir="$git_dir" read-tree "$3"
  GIT_INDEX_FILE="$index" git --git-dir="$git_dir" ls-files -s \
    | awk -F'\t' '{ split($1, f, " "); print f[2] "\t" $2 }' > "$index.listing"
  cut -f1 "$index.listing" | git --git-dir="$git_dir" cat-file --batch-check='%(objecttype)' \
    | paste - <(cut -f2- "$index.listing") | awk -F'\t' '$1 ~ / missing$/ { print $2 }' > "$index.missing"
  while IFS= read -r path; do
    echo "$(basename "$4"): left out $path (not in the mirror)" >&2
    GIT_INDEX_FILE="$index" git --git-dir="$git_dir" update-index --force-remove -- "$path"
  done < "$index.missing"
  GIT_INDEX_FILE="$index" git --git-dir="$git_dir" --work-tree="$4" checkout-index --all --force
  rm -f "$index" "$index.listing" "$index.missing"
  echo "$3" > "$4/.cve-commit"
  echo "$(basename "$4"): $2 at $3 -> $4"
}

shopt -s nullglob
for file in "$here"/*.properties; do
  cve="$(property "$file" cve)"
  repository="$(property "$file" repository)"
  vulnerable="$(property "$file" vulnerable)"
  fixed_commit="$(property "$file" fixed)"
  if [ -z "$cve" ] || [ -z "$repository" ] || [ -z "$vulnerable" ]; then
    echo "restore.sh: $file lacks cve, repository or vulnerable" >&2
    status=1
    continue
  fi
  restore "$cve" "$repository" "$vulnerable" "$dest/$cve" || status=1
  if $fixed; then
    if [ -z "$fixed_commit" ]; then
      echo "restore.sh: $file lacks fixed" >&2
      status=1
    else
      restore "$cve" "$repository" "$fixed_commit" "$dest/$cve-fixed" || status=1
    fi
  fi
done
exit $status
