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
#
#   cargo build --release -p issuer
#   ISSUER=target/release/issuer bash issuer/benches/png-batch.sh
set -euo pipefail
ISSUER=${ISSUER:-target/release/issuer}
ROUNDS=${ROUNDS:-7}
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

a=() b=()
for r in $(seq 1 "$ROUNDS"); do
  sync
  t0=$(now); run_issuer "$work/i$r"; t1=$(now)
  sync
  t2=$(now); run_qrencode "$work/q$r"; t3=$(now)
  [ "$(ls "$work/i$r/a" "$work/i$r/b" | grep -c '\.png$')" = 1000 ] || { echo "issuer wrote the wrong number of files" >&2; exit 1; }
  [ "$(ls "$work/q$r" | grep -c '\.png$')" = 1000 ] || { echo "qrencode wrote the wrong number of files" >&2; exit 1; }
  ai=$(( (t1 - t0) / 1000000 )) bi=$(( (t3 - t2) / 1000000 ))
  a+=("$ai") b+=("$bi")
  printf 'round %d: issuer %d ms, qrencode loop %d ms, ratio %.3f\n' "$r" "$ai" "$bi" "$(echo "$ai / $bi" | bc -l)"
  rm -rf "$work/i$r" "$work/q$r"
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
ma=$(median "${a[@]}") mb=$(median "${b[@]}")
printf 'median: issuer %s ms, qrencode loop %s ms, ratio of the medians %.3f\n' "$ma" "$mb" "$(echo "$ma / $mb" | bc -l)"
