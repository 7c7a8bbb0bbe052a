#!/usr/bin/env bash
# The project's test command: installs what the tests need from Debian's
# packages if it is missing, builds the binaries the end-to-end tests run,
# runs every test of the workspace, then the demo (demo.sh) on those binaries.
#
#   bash test.sh                 # extra arguments go to `cargo test`, e.g.
#   bash test.sh --release       # (the binaries are built with the same profile)
#
# Installs, only when the command is missing: poppler-utils (pdftoppm,
# pdfinfo, pdftotext: the card-sheet PDF tests), chromium and
# chromium-driver (the browser tests drive headless Chromium over
# WebDriver), tmux (the terminal test drives `verifier scan`), systemd
# (systemd-analyze checks the station's and the issuer's service units;
# nothing is started), caddy (the issuer behind a real HTTPS proxy,
# tests/caddy.rs; it runs on loopback with its internal CA) and
# libnss3-tools (certutil: that test's browser trusts the CA in its own
# profile only), and npm when axe-core is not installed yet.
# axe-core (the browser tests' accessibility checks, tests/src/axe.rs)
# comes from the npm registry at the version tests/axe/package-lock.json
# pins, with `npm ci`, only when tests/axe/node_modules lacks it.
# That needs root or sudo; without either it names the packages and stops.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v cargo >/dev/null 2>&1; then
  echo "test.sh needs the Rust toolchain (cargo) on PATH: https://rustup.rs" >&2
  exit 1
fi

missing=()
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  missing+=(chromium chromium-driver)
fi
command -v tmux >/dev/null || missing+=(tmux)
command -v systemd-analyze >/dev/null || missing+=(systemd)
command -v caddy >/dev/null || missing+=(caddy)
command -v certutil >/dev/null || missing+=(libnss3-tools)
axe_js=tests/axe/node_modules/axe-core/axe.min.js
if [ ! -f "$axe_js" ] && ! command -v npm >/dev/null; then
  missing+=(npm)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== Installing ${missing[*]} (Debian packages the tests need)"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    echo "test.sh: the tests need these Debian packages: ${missing[*]}" >&2
    echo "Install them as root (apt-get install ${missing[*]}) or run test.sh as root or with sudo available." >&2
    exit 1
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if [ ! -f "$axe_js" ]; then
  echo "== npm ci in tests/axe (axe-core for the accessibility checks, as package-lock.json pins it)"
  npm ci --prefix tests/axe --ignore-scripts --no-audit --no-fund
fi

profile=debug
build=(cargo build -p issuer -p verifier)
for arg in "$@"; do
  if [ "$arg" = "--release" ]; then
    profile=release
    build+=(--release)
  fi
done

echo "== ${build[*]} (the binaries the end-to-end tests run)"
"${build[@]}"

echo "== cargo test --workspace $*"
# Every server log stream of the end-to-end tests is kept here and searched
# afterwards for secrets and card data (.ci/logs_hold_no_secrets.py).
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
export E2E_LOG_DIR="$target_dir/e2e-logs"
rm -rf "$E2E_LOG_DIR"
cargo test --workspace "$@"
python3 .ci/logs_hold_no_secrets.py "$E2E_LOG_DIR"

echo "== bash demo.sh (on target/$profile)"
demo_data=$(mktemp -d)
trap 'rm -rf "$demo_data"' EXIT
DEMO_BIN="${CARGO_TARGET_DIR:-target}/$profile" DEMO_DATA="$demo_data" bash demo.sh
