#!/bin/bash
# Resident memory of `verifier serve` after some requests (docs/BENCHMARKS.md, issue 4).
# Run from the workspace root after `cargo build --release -p issuer -p verifier`.
set -e
ISSUER=${ISSUER:-target/release/issuer}
VERIFIER=${VERIFIER:-target/release/verifier}
D=$(mktemp -d)
$ISSUER init --data $D/iss >/dev/null
FP=$($ISSUER root-fingerprint --data $D/iss)
$ISSUER bundle --data $D/iss --out $D/b.akb >/dev/null
$VERIFIER init --data $D/v --bundle $D/b.akb --root-fingerprint $FP --venue bolgen-kino >/dev/null
$ISSUER issue --data $D/iss --profile 1 --count 200 --json > $D/cards.json
$ISSUER issue --data $D/iss --profile 1 --count 20 --png $D/png >/dev/null
$VERIFIER serve --data $D/v --listen 127.0.0.1:18090 2>$D/serve.log &
PID=$!
sleep 1
echo "VmRSS at start: $(grep VmRSS /proc/$PID/status)"
# Only a paired device may redeem: a pairing code for this client.
CODE=$($VERIFIER pair --data $D/v --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["code"])')
python3 - "$D" "$CODE" <<'PY'
import json, sys, urllib.request, urllib.parse, urllib.error, glob
d = sys.argv[1]
cards = json.load(open(d + "/cards.json"))
class Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
try:
    urllib.request.build_opener(Stay).open("http://127.0.0.1:18090/pair", urllib.parse.urlencode({"code": sys.argv[2]}).encode())
    sys.exit("pairing did not answer 303")
except urllib.error.HTTPError as e:
    cookie = e.headers["Set-Cookie"].split(";")[0]
def post(path, body, ctype):
    req = urllib.request.Request("http://127.0.0.1:18090" + path, data=body, headers={"Content-Type": ctype, "Accept": "application/json", "Cookie": cookie})
    return json.load(urllib.request.urlopen(req))
ok = 0
for c in cards:
    ok += post("/redeem", urllib.parse.urlencode({"text": c["qr_text"]}).encode(), "application/x-www-form-urlencoded")["valid"]
    post("/redeem", urllib.parse.urlencode({"text": c["qr_text"]}).encode(), "application/x-www-form-urlencoded")
for p in sorted(glob.glob(d + "/png/*.png")):
    post("/scan-image", open(p, "rb").read(), "image/png")
import zlib, struct
def png(w, h):
    raw = b"".join(b"\x00" + bytes((x * 7 + y * 3) % 256 for x in range(w)) for y in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
frame, photo = png(1280, 720), png(4000, 3000)
for _ in range(20):
    post("/scan-image", frame, "image/png")
for _ in range(3):
    post("/scan-image", photo, "image/png")
print("20 frames of 1280x720 and 3 of 4000x3000 without a QR code posted")
print("granted", ok, "of", len(cards), "; 400 text requests + 20 PNG uploads done")
PY
echo "VmRSS after: $(grep VmRSS /proc/$PID/status)  VmHWM: $(grep VmHWM /proc/$PID/status)"
kill -TERM $PID; wait $PID || true
rm -rf $D
