#!/usr/bin/env bash
# The main job, end to end, on an embedded default: an issuer (keys and a
# demo catalogue for Larvik) and a venue (Bølgen kino) under ./demo-data,
# created on the first run and reused after. Issues three cards (with QR
# images), publishes the trust bundle, installs it at the venue and checks
# the cards there.
#
#   bash demo.sh            # or: DEMO_DATA=/some/dir bash demo.sh
set -euo pipefail
cd "$(dirname "$0")"
data="${DEMO_DATA:-demo-data}"

cargo build --quiet --release -p issuer -p verifier
issuer=target/release/issuer
verifier=target/release/verifier

if [ ! -e "$data/issuer/issuer.db" ]; then
  echo "== First run: creating keys and the demo catalogue in $data/issuer"
  "$issuer" init --data "$data/issuer"
fi
fingerprint=$("$issuer" root-fingerprint --data "$data/issuer")

echo
echo "== Issuing 3 cards of card type 1 (QR images in $data/cards)"
"$issuer" issue --data "$data/issuer" --profile 1 --count 3 --json --png "$data/cards" --svg "$data/cards" > "$data/cards.json"
"$issuer" issue --data "$data/issuer" --profile 1 --count 1 >/dev/null   # (plain listing works too)
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
for qr in $(grep -o '"qr_text": "[0-9]*"' "$data/cards.json" | grep -o '[0-9]\{20,\}'); do
  "$verifier" check --data "$data/venue" "$qr" || status=1
  echo
done
echo "== Checking a damaged code (one digit changed): it must be refused"
bad="${qr:0:40}$(( (${qr:40:1} + 1) % 10 ))${qr:41}"
if "$verifier" check --data "$data/venue" "$bad"; then status=1; fi
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
