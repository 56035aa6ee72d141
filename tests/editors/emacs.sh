# Sourced by tests/editors/emacs-*/{run,install}.sh: the two Emacs tests differ only in the LSP
# client package (eglot or lsp-mode) and their test.el.
#   emacs_client  the Emacs library, "eglot" or "lsp-mode" (set before sourcing)
#   readme_marker which setup snippet of clients/emacs/README.md the test loads (set before emacs_run)

# Installs emacs-nox and elpa-$emacs_client from Debian (Emacs 28.2); quick when both are there.
# Not Emacs 30 from backports: installing it removes the elpa-* packages built for Emacs 28.
emacs_install() {
  local name="emacs-$emacs_client" packages=(emacs-nox "elpa-$emacs_client") missing=() sudo=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "$name: ${packages[*]} already installed" >&2
    return 0
  fi
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "$name: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -q -o DPkg::Lock::Timeout=600
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "${missing[@]}"
}

# Runs $here/test.el in batch Emacs with the README's init.el snippet (the real client
# clients/emacs/seclens.el, the seclens launcher on PATH). Exit 0 on success, 1 on failure or timeout, 77 when Emacs or the client package
# is not installed.
emacs_run() {
  local here="$1"
  editor_name="emacs-$emacs_client"
  source "$here/../common.sh"
  require_editor emacs
  if ! emacs --batch --eval "(kill-emacs (if (locate-library \"$emacs_client\") 0 77))" 2>/dev/null; then
    echo "$editor_name: $emacs_client is not installed (tests/editors/$editor_name/install.sh installs it)" >&2
    exit 77
  fi
  # The README's init.el, as a user copies it; a Git checkout, as project.el expects of a project.
  user_setup
  mkdir -p "$work/home/.emacs.d" "$work/project/.git"
  readme_snippet "$root/clients/emacs/README.md" "$readme_marker" > "$work/home/.emacs.d/init.el"
  if ! grep -q "(require 'seclens)" "$work/home/.emacs.d/init.el"; then
    echo "$editor_name: FAIL: no setup snippet found in clients/emacs/README.md" >&2
    exit 1
  fi
  # HOME: nothing of the user's Emacs setup is read or written.  timeout: test.el gives up after
  # 60 s per step; this guards against Emacs itself hanging.
  local status=0
  HOME="$work/home" \
  SECLENS_INIT="$work/home/.emacs.d/init.el" \
  SECLENS_FIXTURE="$work/project" \
    timeout -k 5 150 emacs --batch -l "$here/test.el" || status=$?
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "$editor_name: Emacs did not finish within 150 s" >&2
    status=1
  fi
  exit "$status"
}
