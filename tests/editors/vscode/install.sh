#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, from Debian and the npm registry only:
#   apt: chromium, ripgrep, libkrb5-dev, build-essential, python3
#   npm: code-server 4.100.3 (the real VS Code workbench, served to the browser) and playwright-core,
#        into tests/editors/vscode/.tools (gitignored).
# Idempotent: what is already installed is skipped. See /work/shared/CLIENTS.md for why code-server
# is installed with scripts off and its native parts rebuilt (its scripts download ripgrep).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools="$here/.tools"
code_server_version=4.100.3
playwright_version=1.65.1
stamp="$tools/.installed-code-server-$code_server_version-playwright-$playwright_version"

sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi

missing=()
for pkg in chromium ripgrep libkrb5-dev build-essential python3; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "vscode: apt-get install ${missing[*]}" >&2
  $sudo apt-get update -q -o DPkg::Lock::Timeout=600
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 "${missing[@]}"
else
  echo "vscode: Debian packages already installed" >&2
fi

if [ -f "$stamp" ]; then
  echo "vscode: code-server $code_server_version and playwright-core $playwright_version already in $tools" >&2
  exit 0
fi

echo "vscode: installing code-server $code_server_version and playwright-core $playwright_version into $tools" >&2
rm -rf "$tools"
mkdir -p "$tools"
cat > "$tools/package.json" <<JSON
{
  "name": "seclens-vscode-e2e-tools",
  "private": true,
  "dependencies": {
    "code-server": "$code_server_version",
    "playwright-core": "$playwright_version"
  }
}
JSON
export npm_config_nodedir=/usr npm_config_yes=true npm_config_fund=false npm_config_audit=false
export npm_config_update_notifier=false
cd "$tools"
npm install --no-save --unsafe-perm --ignore-scripts --loglevel=error
cd node_modules/code-server
npm install --omit=dev --ignore-scripts --loglevel=error
npm rebuild argon2 --build-from-source --loglevel=error
cd lib/vscode
npm install --omit=dev --ignore-scripts --loglevel=error
npm rebuild node-pty @vscode/spdlog kerberos native-watchdog @vscode/deviceid @parcel/watcher --loglevel=error
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts --loglevel=error)
touch "$stamp"
echo "vscode: installed" >&2
