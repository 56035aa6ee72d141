# Sourced by each tests/editors/*/run.sh: the shared preamble of an editor test.
#   editor_name   the test's name in messages (set before sourcing)
# After sourcing: $root (repository), $jar (the packaged server, checked), $work (a temporary folder,
# removed on exit) holding $work/project, a fresh copy of tests/editors/fixture, and $work/home.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Exit 77 (skipped) with an install hint unless the command exists.
require_editor() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "$editor_name: $1 is not installed (tests/editors/$editor_name/install.sh installs it)" >&2
    exit 77
  fi
}

jar="${SECLENS_JAR:-$root/server/target/seclens.jar}"
case "$jar" in /*) ;; *) jar="$root/$jar" ;; esac
if [ ! -f "$jar" ]; then
  echo "$editor_name: server jar $jar not found (mvn -B -pl rules,server package -DskipTests builds it)" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/seclens-$editor_name.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/project" "$work/home"
cp -R "$root/tests/editors/fixture/." "$work/project/"

# The code block right after the line "<!-- editor test: MARKER -->" (default "setup below") in a
# client README: the tests run the setup exactly as users copy it.
readme_snippet() {
  awk -v marker="<!-- editor test: ${2:-setup below} -->" '$0 == marker { found = 1; next }
       found && /^```/ { if (inblock) exit; inblock = 1; next }
       inblock { print }' "$1"
}

# What the READMEs assume of a user: this checkout at ~/src/seclens and the launcher linked into PATH
# (through a symbolic link, as users do).
user_setup() {
  mkdir -p "$work/home/src" "$work/bin"
  ln -s "$root" "$work/home/src/seclens"
  ln -s "$root/seclens" "$work/bin/seclens"
  PATH="$work/bin:$PATH"
  export PATH
}
