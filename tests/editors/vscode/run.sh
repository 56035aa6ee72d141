#!/usr/bin/env bash
# VS Code end-to-end test: builds and packages the extension in clients/vscode (with the server jar,
# $SECLENS_JAR or server/target/seclens.jar), runs its unit tests, installs the .vsix into code-server
# (the real VS Code workbench) and drives it in headless Chromium with e2e.mjs on a copy of the
# fixture project. Exit 0 on success, 1 on failure or timeout, 77 when code-server or Chromium is
# not installed (install.sh installs them).
#
# Test output (code-server log, screenshots) goes to tests/editors/vscode/artifacts, or $ARTIFACTS_DIR.
# UPDATE_SCREENSHOTS=1 also copies the screenshots of the flow to clients/vscode/images/, which the
# extension's README and walkthrough show.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools="$here/.tools"
code_server="$tools/node_modules/code-server/out/node/entry.js"
chromium="${CHROMIUM:-/usr/bin/chromium}"
artifacts="${ARTIFACTS_DIR:-$here/artifacts}"

say() { echo "vscode: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# The editor first: a missing editor is "skipped" (77), whatever else is missing.
if [ ! -f "$code_server" ] || [ ! -f "$tools/node_modules/playwright-core/package.json" ]; then
  say "code-server is not installed in $tools (tests/editors/vscode/install.sh installs it)"
  exit 77
fi
if [ ! -x "$chromium" ]; then
  say "Chromium is not installed at $chromium (tests/editors/vscode/install.sh installs it)"
  exit 77
fi
# $root, $jar (checked) and $work, a temporary folder holding $work/project, a copy of the fixture.
editor_name=vscode
source "$here/../common.sh"
extension="$root/clients/vscode"
command -v java >/dev/null || die "no java on the PATH (the extension runs the server with it)"
command -v node >/dev/null || die "no node on the PATH"

if [ -z "${ARTIFACTS_DIR:-}" ]; then rm -rf "$artifacts"; fi   # only ever our own folder
mkdir -p "$artifacts"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
cd "$extension"
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.seclens-lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
  say "npm ci in clients/vscode"
  timeout 180 npm ci --prefer-offline --loglevel=error > "$artifacts/npm-ci.log" 2>&1 \
    || { cat "$artifacts/npm-ci.log" >&2; die "npm ci in clients/vscode failed"; }
  echo "$lock_sum" > node_modules/.seclens-lock-sha256
fi
say "building, unit-testing and packaging the extension"
SECLENS_JAR="$jar" timeout 120 npm run --silent build > "$artifacts/build.log" 2>&1 \
  || { cat "$artifacts/build.log" >&2; die "npm run build failed"; }
timeout 120 npm test --silent > "$artifacts/unit-tests.log" 2>&1 \
  || { cat "$artifacts/unit-tests.log" >&2; die "the extension's unit tests failed"; }
say "unit tests: $(grep -E '^# (pass|fail) ' "$artifacts/unit-tests.log" | tr '\n' ' ')"
version="$(node -p 'require("./package.json").version')"
vsix="$extension/seclens-$version.vsix"
rm -f "$vsix"
timeout 120 npm run --silent package > "$artifacts/package.log" 2>&1 \
  || { cat "$artifacts/package.log" >&2; die "npm run package (vsce) failed"; }
[ -f "$vsix" ] || die "vsce made no $vsix"
cd "$root"

server_pid=""
e2e_pid=""
stop_group() {
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do
    kill -0 -- "-$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
cleanup() {
  stop_group "$e2e_pid"      # node e2e.mjs and its Chromium
  stop_group "$server_pid"   # code-server, its extension host and the SecLens server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$work/data/User" "$work/extensions"
cat > "$work/data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "security.workspace.trust.enabled": false,
  "git.enabled": false,
  "chat.disableAIFeatures": true,
  "window.commandCenter": false
}
JSON
code_server_args=(--user-data-dir "$work/data" --extensions-dir "$work/extensions")

say "installing $(basename "$vsix") into code-server"
timeout 120 node "$code_server" "${code_server_args[@]}" --install-extension "$vsix" > "$artifacts/install-extension.log" 2>&1 \
  || { cat "$artifacts/install-extension.log" >&2; die "code-server --install-extension failed"; }

port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
say "starting code-server on 127.0.0.1:$port"
# Own process groups (setsid), so that cleanup stops everything each one started.
setsid node "$code_server" "${code_server_args[@]}" --bind-addr "127.0.0.1:$port" --auth none \
  --disable-workspace-trust --disable-telemetry --disable-update-check --disable-getting-started-override \
  --ignore-last-opened "$work/project" > "$artifacts/code-server.log" 2>&1 &
server_pid=$!

screenshots_dir=""
if [ "${UPDATE_SCREENSHOTS:-}" = 1 ]; then
  screenshots_dir="$extension/images"
fi
status=0
CODE_SERVER_URL="http://127.0.0.1:$port" PROJECT_DIR="$work/project" ARTIFACTS_DIR="$artifacts" TOOLS_DIR="$tools" \
  CHROMIUM="$chromium" SECLENS_JAR="$jar" SCREENSHOTS_DIR="$screenshots_dir" \
  setsid node "$here/e2e.mjs" &
e2e_pid=$!
wait "$e2e_pid" || status=$?
e2e_pid=""

if [ "$status" != 0 ]; then
  say "code-server log (tail):"
  tail -n 40 "$artifacts/code-server.log" >&2 || true
  # The SecLens output channel: the extension's Java lookup and the server's log.
  while IFS= read -r -d '' channel; do
    say "$channel (tail):"
    tail -n 40 "$channel" >&2
    cp "$channel" "$artifacts/" 2>/dev/null || true
  done < <(find "$work/data/logs" -name '*SecLens*.log' -print0 2>/dev/null)
  die "the VS Code end-to-end test failed (exit $status); artefacts in $artifacts"
fi
say "passed; artefacts in $artifacts"
