#!/usr/bin/env bash
# Issue 17: `verifier check` cold start with 0 and with 100 000 blocked
# cards in the installed bundle, and /bin/true, side by side in one
# hyperfine run (Debian package `hyperfine`).
#
# One issuer, one card; two venues set up from two bundles of the same
# issuer: one with no revoked numbers, one with REVOKED (default 100 000)
# random ones (written straight into the issuer's revocations table with
# python3's sqlite3, as `issuer revoke` would, then `issuer bundle`). The
# card is not blocked, so both checks answer "valid" after a full lookup.
#
#   cargo build --release -p issuer -p verifier
#   ISSUER=target/release/issuer VERIFIER=target/release/verifier bash verifier/benches/check-cold.sh
#
# VERIFIER_BEFORE=PATH adds the same two checks by another build (e.g. one
# from before a change) to the same hyperfine run.
#
# PERF_RUNS=N then measures the CPU time of a start (`perf stat -r N -e
# task-clock`, msec) of /bin/true and of each check, PERF_ROUNDS rounds
# (default 3), the builds alternating within each round.
# INTERLEAVED=N then runs N rounds of /bin/true and every check, one
# start each, in turn (so that a change of load meets them all alike), and
# prints the medians of wall-clock and of CPU time (user + system) a start.
set -euo pipefail
ISSUER=${ISSUER:-target/release/issuer}
VERIFIER=${VERIFIER:-target/release/verifier}
REVOKED=${REVOKED:-100000}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$ISSUER" init --data "$work/issuer" >/dev/null
fp=$("$ISSUER" root-fingerprint --data "$work/issuer")
text=$("$ISSUER" issue --data "$work/issuer" --card-type 1 --count 1 --json \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["qr_text"])')
"$ISSUER" bundle --data "$work/issuer" --out "$work/empty.akb" 2>/dev/null
python3 - "$work/issuer/issuer.db" "$REVOKED" <<'PY'
import random, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rng = random.Random(17)
nums = set()
while len(nums) < int(sys.argv[2]):
    nums.add(rng.randrange(1 << 40))
db.executemany("INSERT INTO revocations (card_number, revoked_at, revoked_by) VALUES (?, 0, 'bench')",
               [(n,) for n in nums])
db.commit()
PY
"$ISSUER" bundle --data "$work/issuer" --out "$work/full.akb" 2>/dev/null
for v in empty full; do
  "$VERIFIER" init --data "$work/$v" --bundle "$work/$v.akb" --root-fingerprint "$fp" --venue bolgen-kino >/dev/null
done
ls -l "$work/empty.akb" "$work/full.akb" | awk '{print $5, $9}'
# Both answer "valid" (exit 0) before timing.
"$VERIFIER" check --data "$work/empty" "$text" >/dev/null
"$VERIFIER" check --data "$work/full" "$text" >/dev/null
before=()
if [ -n "${VERIFIER_BEFORE:-}" ]; then
  before=(-n check_0_before "$VERIFIER_BEFORE check --data $work/empty $text"
          -n check_100k_before "$VERIFIER_BEFORE check --data $work/full $text")
fi
hyperfine -N --warmup 20 --runs "${RUNS:-300}" --export-json "${JSON_OUT:-$work/hyperfine.json}" \
  -n true "/bin/true" \
  -n check_0 "$VERIFIER check --data $work/empty $text" \
  -n check_100k "$VERIFIER check --data $work/full $text" "${before[@]}"
python3 - "${JSON_OUT:-$work/hyperfine.json}" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
m = {k: v["median"] * 1000 for k, v in r.items()}
print("medians: " + ", ".join(f"{k} {v:.3f} ms" for k, v in m.items()))
print(f"check_0 / true = {m['check_0'] / m['true']:.2f}; check_100k / check_0 = {m['check_100k'] / m['check_0']:.2f}")
if "check_0_before" in m:
    print(f"before: check_0 / true = {m['check_0_before'] / m['true']:.2f}; "
          f"check_100k / check_0 = {m['check_100k_before'] / m['check_0_before']:.2f}")
PY
if [ -n "${PERF_RUNS:-}" ]; then
  command -v perf >/dev/null || { echo "PERF_RUNS needs perf" >&2; exit 1; }
  cpu() { perf stat -x, -r "$PERF_RUNS" -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}'; }
  for round in $(seq "${PERF_ROUNDS:-3}"); do
    line="true $(cpu /bin/true)"
    line+=", check_0 $(cpu "$VERIFIER" check --data "$work/empty" "$text")"
    line+=", check_100k $(cpu "$VERIFIER" check --data "$work/full" "$text")"
    if [ -n "${VERIFIER_BEFORE:-}" ]; then
      line+=", check_0_before $(cpu "$VERIFIER_BEFORE" check --data "$work/empty" "$text")"
      line+=", check_100k_before $(cpu "$VERIFIER_BEFORE" check --data "$work/full" "$text")"
    fi
    echo "task-clock ms a start, round $round ($(cut -d' ' -f1-3 /proc/loadavg)): $line"
  done
fi
if [ -n "${INTERLEAVED:-}" ]; then
  cmds=("true=/bin/true" "check_0=$VERIFIER check --data $work/empty $text" "check_100k=$VERIFIER check --data $work/full $text")
  if [ -n "${VERIFIER_BEFORE:-}" ]; then
    cmds+=("check_0_before=$VERIFIER_BEFORE check --data $work/empty $text"
           "check_100k_before=$VERIFIER_BEFORE check --data $work/full $text")
  fi
  python3 - "$INTERLEAVED" "${cmds[@]}" <<'PY'
import os, statistics, sys, time
rounds, cmds = int(sys.argv[1]), [c.split("=", 1) for c in sys.argv[2:]]
wall, cpu = {n: [] for n, _ in cmds}, {n: [] for n, _ in cmds}
null = os.open(os.devnull, os.O_WRONLY)
for _ in range(rounds):
    for name, cmd in cmds:
        argv = cmd.split()
        t = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, null, 1)])
        _, status, ru = os.wait4(pid, 0)
        wall[name].append(time.perf_counter() - t)
        cpu[name].append(ru.ru_utime + ru.ru_stime)
        assert os.waitstatus_to_exitcode(status) == 0, name
m = {n: statistics.median(v) * 1000 for n, v in wall.items()}
c = {n: statistics.median(v) * 1000 for n, v in cpu.items()}
print(f"interleaved, {rounds} rounds, load {open('/proc/loadavg').read().split()[:3]}")
print("wall medians: " + ", ".join(f"{n} {v:.3f} ms" for n, v in m.items()))
print("CPU medians: " + ", ".join(f"{n} {v:.3f} ms" for n, v in c.items()))
for sfx in ["", "_before"]:
    if "check_0" + sfx in m:
        print(f"check_100k{sfx} / check_0{sfx}: wall {m['check_100k' + sfx] / m['check_0' + sfx]:.2f}, "
              f"CPU {c['check_100k' + sfx] / c['check_0' + sfx]:.2f}")
PY
fi
