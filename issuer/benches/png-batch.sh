#!/usr/bin/env bash
# Issue 17: 1000 cards as PNG files against a loop of the `qrencode` CLI.
#
#   (a) `issuer issue --card-type 1 --count 500 --png DIR` twice (500 is the
#       most one run issues): signing, counting (a durable SQLite commit),
#       QR codes, PNGs, the batch write of keys::batch;
#   (b) `qrencode -l Q -s 8 -m 4 -o FILE.png TEXT` once per card for the
#       same 1000 texts (Debian package `qrencode`), the reference.
#
# Both write into fresh directories on the same file system (a temp dir).
# Rounds alternate a and b; the script prints each round, the medians and
# the ratio a / b, which a noisy shared machine moves less than either time.
# With STRACE=1 it also counts fsync/fdatasync/syncfs calls of one run of (a).
# With FORMAT=pdf, (a) is `issuer issue --count 500 --pdf FILE` twice instead
# (two printable sheets of 500 cards, the same 1000 codes); FORMAT=both
# times the PNGs and the sheets, each against its own qrencode loop.
#
#   cargo build --release -p issuer
#   ISSUER=target/release/issuer bash issuer/benches/png-batch.sh
set -euo pipefail
ISSUER=${ISSUER:-target/release/issuer}
ROUNDS=${ROUNDS:-7}
FORMAT=${FORMAT:-png}
command -v qrencode >/dev/null || { echo "needs qrencode (apt-get install qrencode)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$ISSUER" init --data "$work/issuer" >/dev/null
# The reference draws the texts such cards hold (phone-card URL form).
for _ in 1 2; do
  "$ISSUER" issue --data "$work/issuer" --card-type 1 --count 500 --json \
    | python3 -c 'import json,sys; [print(c["qr_text"]) for c in json.load(sys.stdin)]'
done >"$work/texts"
[ "$(wc -l <"$work/texts")" = 1000 ] || { echo "expected 1000 texts" >&2; exit 1; }

now() { date +%s%N; }
run_issuer() {
  "$ISSUER" issue --data "$work/issuer" --card-type 1 --count 500 --png "$1/a" >/dev/null
  "$ISSUER" issue --data "$work/issuer" --card-type 1 --count 500 --png "$1/b" >/dev/null
}
run_pdf() {
  mkdir -p "$1"
  "$ISSUER" issue --data "$work/issuer" --card-type 1 --count 500 --pdf "$1/a.pdf" >/dev/null
  "$ISSUER" issue --data "$work/issuer" --card-type 1 --count 500 --pdf "$1/b.pdf" >/dev/null
}
run_qrencode() {
  mkdir -p "$1"
  local i=0
  while IFS= read -r text; do
    qrencode -l Q -s 8 -m 4 -o "$1/$i.png" "$text"
    i=$((i + 1))
  done <"$work/texts"
}

if [ "${STRACE:-0}" = 1 ]; then
  strace -f -c -e trace=fsync,fdatasync,syncfs,rename,renameat,renameat2 \
    "$ISSUER" issue --data "$work/issuer" --card-type 1 --count 500 --png "$work/strace" >/dev/null
fi

median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
# rounds KIND: alternate the issuer's KIND (png or pdf) with the qrencode loop.
rounds() {
  local kind=$1 a=() b=() r t0 t1 t2 t3 ai bi
  for r in $(seq 1 "$ROUNDS"); do
    sync
    t0=$(now)
    if [ "$kind" = pdf ]; then run_pdf "$work/i$r"; else run_issuer "$work/i$r"; fi
    t1=$(now)
    sync
    t2=$(now); run_qrencode "$work/q$r"; t3=$(now)
    if [ "$kind" = pdf ]; then
      [ -s "$work/i$r/a.pdf" ] && [ -s "$work/i$r/b.pdf" ] || { echo "issuer wrote no sheet" >&2; exit 1; }
    else
      [ "$(ls "$work/i$r/a" "$work/i$r/b" | grep -c '\.png$')" = 1000 ] || { echo "issuer wrote the wrong number of files" >&2; exit 1; }
    fi
    [ "$(ls "$work/q$r" | grep -c '\.png$')" = 1000 ] || { echo "qrencode wrote the wrong number of files" >&2; exit 1; }
    ai=$(( (t1 - t0) / 1000000 )) bi=$(( (t3 - t2) / 1000000 ))
    a+=("$ai") b+=("$bi")
    printf '%s round %d: issuer %d ms, qrencode loop %d ms, ratio %.3f\n' "$kind" "$r" "$ai" "$bi" "$(echo "$ai / $bi" | bc -l)"
    rm -rf "$work/i$r" "$work/q$r"
  done
  local ma mb
  ma=$(median "${a[@]}") mb=$(median "${b[@]}")
  printf '%s median: issuer %s ms, qrencode loop %s ms, ratio of the medians %.3f\n' "$kind" "$ma" "$mb" "$(echo "$ma / $mb" | bc -l)"
}
case "$FORMAT" in
  png) rounds png ;;
  pdf) rounds pdf ;;
  both) rounds png; rounds pdf ;;
  *) echo "FORMAT is png, pdf or both" >&2; exit 1 ;;
esac
