#!/usr/bin/env bash
# Issue 17, side by side: every figure of "Issuing at the speed of the
# hardware" in one run, each against its reference measured in the same
# run, and a summary of the ratios against the issue's targets.
#
#   1. `verifier check` cold start with 0 and 100 000 blocked cards, and
#      /bin/true (verifier/benches/check-cold.sh, hyperfine);
#   2. 1000 cards as PNG files and as two 500-card PDF sheets, each against
#      a loop of the `qrencode` CLI drawing the same 1000 codes
#      (issuer/benches/png-batch.sh, FORMAT=both);
#   3. single-card issuance over the JSON API at 32 connections against
#      `GET /bundle` on the same server (issuer/benches/http.rs).
#
# Needs the Debian packages hyperfine, qrencode and bc. From the
# repository root:
#
#   cargo build --release -p issuer -p verifier
#   cargo bench -p issuer --bench http --no-run
#   bash bench/side-by-side.sh
#
# Settings: CHECK_RUNS (200), IMAGE_ROUNDS (5), HTTP_ROUNDS (5), HTTP_SECS
# (5); ISSUER, VERIFIER and HTTP_BENCH name other builds.
set -euo pipefail
cd "$(dirname "$0")/.."
ISSUER=$(realpath "${ISSUER:-target/release/issuer}")
VERIFIER=$(realpath "${VERIFIER:-target/release/verifier}")
HTTP_BENCH=${HTTP_BENCH:-$(ls -t target/release/deps/http-* 2>/dev/null | grep -v '\.d$' | head -1 || true)}
for tool in hyperfine qrencode bc; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install $tool)" >&2; exit 1; }
done
[ -x "$ISSUER" ] && [ -x "$VERIFIER" ] || { echo "build first: cargo build --release -p issuer -p verifier" >&2; exit 1; }
[ -n "$HTTP_BENCH" ] && [ -x "$HTTP_BENCH" ] || { echo "build first: cargo bench -p issuer --bench http --no-run" >&2; exit 1; }
HTTP_BENCH=$(realpath "$HTTP_BENCH")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== 1. verifier check, cold"
JSON_OUT="$out/check.json" RUNS="${CHECK_RUNS:-200}" ISSUER="$ISSUER" VERIFIER="$VERIFIER" \
  bash verifier/benches/check-cold.sh | tee "$out/check.txt"
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== 2. 1000 PNGs and 1000 cards as PDF against the qrencode loop"
ROUNDS="${IMAGE_ROUNDS:-5}" FORMAT=both ISSUER="$ISSUER" bash issuer/benches/png-batch.sh | tee "$out/images.txt"
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== 3. POST /api/v1/cards against GET /bundle, 32 connections"
(cd issuer && BENCH_ROUNDS="${HTTP_ROUNDS:-5}" BENCH_SECS="${HTTP_SECS:-5}" "$HTTP_BENCH" --bench) | tee "$out/http.txt"
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$out" <<'PY'
import json, re, sys
out = sys.argv[1]
m = {r["command"]: r["median"] * 1000 for r in json.load(open(f"{out}/check.json"))["results"]}
images = open(f"{out}/images.txt").read()
http = open(f"{out}/http.txt").read()
def ratio(kind):
    found = re.search(rf"^{kind} median: issuer (\S+) ms, qrencode loop (\S+) ms, ratio of the medians (\S+)", images, re.M)
    return (float(found.group(3)), f"{found.group(1)} ms / {found.group(2)} ms") if found else (float("nan"), "?")
h = re.search(r"^median (\d+) cards/s, GET /bundle (\d+)/s, ratio (\S+)", http, re.M)
rows = [
    ("verifier check cold / /bin/true", m["check_0"] / m["true"], f"{m['check_0']:.2f} ms / {m['true']:.2f} ms", "<= 2", lambda r: r <= 2),
    ("check, 100 000 blocked / empty list", m["check_100k"] / m["check_0"], f"{m['check_100k']:.2f} ms / {m['check_0']:.2f} ms", "<= 1.5", lambda r: r <= 1.5),
    ("1000 PNGs / qrencode loop", *ratio("png"), "<= 0.5", lambda r: r <= 0.5),
    ("1000 cards as PDF / qrencode loop", *ratio("pdf"), "<= 0.3", lambda r: r <= 0.3),
    ("API issuance / GET /bundle, 32 conn.", float(h.group(3)) if h else float("nan"),
     f"{h.group(1)} cards/s / {h.group(2)}/s" if h else "?", ">= 0.6", lambda r: r >= 0.6),
]
print("\n| figure | ratio | medians | target | holds |\n|---|---|---|---|---|")
for name, r, detail, target, ok in rows:
    print(f"| {name} | {r:.2f} | {detail} | {target} | {'yes' if ok(r) else 'no'} |")
PY
