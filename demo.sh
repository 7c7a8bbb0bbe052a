#!/usr/bin/env bash
# The main job, end to end, on an embedded default: an issuer (keys and a
# demo catalogue for Larvik) and a venue (Bølgen kino) under ./demo-data,
# created on the first run and reused after. Issues three cards (with QR
# images), publishes the trust bundle, installs it at the venue and checks
# the cards there.
#
#   bash demo.sh            # or: DEMO_DATA=/some/dir bash demo.sh
#
# It builds and runs the release binaries in target/release; with
# DEMO_BIN=DIR it runs the binaries already built in DIR instead (test.sh
# runs it so on the binaries the tests ran).
set -euo pipefail
cd "$(dirname "$0")"
data="${DEMO_DATA:-demo-data}"

if [ -z "${DEMO_BIN:-}" ]; then
  cargo build --quiet --release -p issuer -p verifier
fi
bin="${DEMO_BIN:-${CARGO_TARGET_DIR:-target}/release}"
issuer="$bin/issuer"
verifier="$bin/verifier"

if [ ! -e "$data/issuer/issuer.db" ]; then
  echo "== First run: creating keys and the demo catalogue in $data/issuer"
  "$issuer" init --data "$data/issuer"
fi
fingerprint=$("$issuer" root-fingerprint --data "$data/issuer")

echo
echo "== Issuing 3 cards of card type 1 (QR images in $data/cards)"
"$issuer" issue --data "$data/issuer" --card-type 1 --count 3 --json --png "$data/cards" --svg "$data/cards" > "$data/cards.json"
"$issuer" issue --data "$data/issuer" --card-type 1 --count 1 >/dev/null   # (plain listing works too)
cat "$data/cards.json" | grep -E '"(card_number|valid_from|valid_until)"'

echo
echo "== Publishing the trust bundle"
"$issuer" bundle --data "$data/issuer" --out "$data/bundle.akb"

echo
if [ ! -e "$data/venue/venue.json" ]; then
  echo "== Setting up the venue Bølgen kino (root fingerprint $fingerprint)"
  "$verifier" init --data "$data/venue" --bundle "$data/bundle.akb" --root-fingerprint "$fingerprint" --venue bolgen-kino
else
  echo "== Updating the venue's trust bundle"
  "$verifier" update --data "$data/venue" --bundle "$data/bundle.akb"
fi

echo
echo "== Checking the cards at the venue"
status=0
# qr_text is what the QR code holds: the phone-card URL, the token's digits
# after its '#'.
mapfile -t codes < <(grep -o '"qr_text": "[^"]*"' "$data/cards.json" | cut -d'"' -f4)
if [ "${#codes[@]}" -ne 3 ]; then
  echo "demo: expected 3 cards in $data/cards.json, found ${#codes[@]}" >&2
  exit 1
fi
for qr in "${codes[@]}"; do
  "$verifier" check --data "$data/venue" "$qr" || status=1
  echo
done
echo "== Checking a damaged code (one digit changed): it must be refused"
url="${qr%%#*}#" digits="${qr#*#}"
bad="$url${digits:0:40}$(( (${digits:40:1} + 1) % 10 ))${digits:41}"
rc=0
"$verifier" check --data "$data/venue" "$bad" || rc=$?
if [ "$rc" -ne 1 ]; then status=1; fi
echo
echo "== Checking a card from its QR image"
first=$(grep -o '"card_number": "[^"]*"' "$data/cards.json" | head -1 | cut -d'"' -f4)
"$verifier" --lang en check --data "$data/venue" --image "$data/cards/$first.png" || status=1

if [ "$status" -ne 0 ]; then
  echo "demo: something did not verify as expected" >&2
  exit 1
fi
echo
echo "Done. Data is in $data/ (delete it to start over)."
