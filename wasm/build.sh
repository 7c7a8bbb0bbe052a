#!/usr/bin/env bash
# Build the card core (crate card-wasm: `shared` for the browser) into
# issuer/static/card/wasm/, which the issuer serves to the phone card page
# (SPEC §12.2). The output is committed; `.ci/run` runs this script and
# fails if the result differs from the committed files (`--check`).
#
# Reproducible: the wasm-bindgen CLI is the version wasm/Cargo.toml pins,
# paths are remapped, no debug info, one codegen unit.
# Needs the wasm32-unknown-unknown target and that CLI; installs both
# (rustup, cargo install) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=issuer/static/card/wasm
version=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' wasm/Cargo.toml)
[ -n "$version" ] || { echo "wasm/build.sh: no pinned wasm-bindgen version in wasm/Cargo.toml" >&2; exit 1; }

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $version"; then
  echo "== installing wasm-bindgen-cli $version"
  cargo install wasm-bindgen-cli --version "$version"
fi

cargo_home=${CARGO_HOME:-$HOME/.cargo}
export RUSTFLAGS="--remap-path-prefix=$PWD=/src --remap-path-prefix=$cargo_home=/cargo"
export CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_OPT_LEVEL=s CARGO_PROFILE_RELEASE_LTO=true \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_PANIC=abort CARGO_PROFILE_RELEASE_INCREMENTAL=false
# Its own target directory: other RUSTFLAGS would rebuild the workspace's.
cargo build --locked -p card-wasm --release --target wasm32-unknown-unknown --target-dir target/wasm

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target no-modules --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$tmp" target/wasm/wasm32-unknown-unknown/release/card_wasm.wasm

if [ "${1:-}" = "--check" ]; then
  for f in card_wasm.js card_wasm_bg.wasm; do
    if ! cmp -s "$tmp/$f" "$out/$f"; then
      echo "wasm/build.sh --check: $out/$f differs from what the source builds; run bash wasm/build.sh and commit it" >&2
      exit 1
    fi
  done
  echo "wasm/build.sh --check: $out matches the source"
else
  mkdir -p "$out"
  cp "$tmp/card_wasm.js" "$tmp/card_wasm_bg.wasm" "$out/"
  gz=$(gzip -9 -c "$out/card_wasm_bg.wasm" | wc -c)
  echo "wrote $out: card_wasm_bg.wasm $(wc -c < "$out/card_wasm_bg.wasm") bytes ($gz gzip), card_wasm.js $(wc -c < "$out/card_wasm.js") bytes"
fi
