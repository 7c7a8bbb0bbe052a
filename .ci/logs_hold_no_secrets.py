#!/usr/bin/env python3
"""After the whole test suite: search every server log stream the end-to-end
tests kept (E2E_LOG_DIR, see tests/src/lib.rs `kept_log`) for what must never
be logged (SPEC §8, docs/SECURITY.md V7): passwords the tests use, session
ids and CSRF tokens, API tokens, device secrets, set-up links and set-up
codes, card texts (tokens as digits or phone links) and national identity
numbers (the duplicate check's, 11 digits).

    python3 .ci/logs_hold_no_secrets.py DIR

Exit 1 with the places found (each with the start of its line), or when DIR holds
no log at all (then nothing was checked)."""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

# The passwords the tests type: every string constant whose name says so.
PASSWORD_CONST = re.compile(r'\b[A-Z_]*(?:PW|PASSWORD)[A-Z_]*\s*:\s*&str\s*=\s*"([^"]{8,})"')


def test_passwords():
    found = set()
    for path in list(ROOT.glob("tests/**/*.rs")) + list(ROOT.glob("issuer/tests/**/*.rs")):
        found.update(PASSWORD_CONST.findall(path.read_text(encoding="utf-8")))
    return found


PATTERNS = [
    ("a secret token in a query", re.compile(r"token=[A-Za-z0-9_\-]{16,}")),
    ("a bearer token", re.compile(r"(?i)bearer\s+[A-Za-z0-9_\-.]{16,}")),
    ("a cookie", re.compile(r"(?:__Host-[a-z]+|aktivitetskort-device|session)=[A-Za-z0-9_\-]{16,}")),
    ("a set-up code", re.compile(r"aktivitetskort-setup:")),
    ("a random secret (43+ base64url or 64 hex characters)", re.compile(r"(?<![A-Za-z0-9_\-])[A-Za-z0-9_\-]{43,}")),
    ("a card's digits", re.compile(r"\d{30,}")),
    ("a national identity number (11 digits)", re.compile(r"(?<![0-9A-Za-z])\d{6} ?\d{5}(?![0-9A-Za-z])")),
    ("a phone-card link", re.compile(r"(?i)/k#")),
]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    logs = sorted(pathlib.Path(sys.argv[1]).glob("*.log"))
    if not logs:
        sys.exit(f"{sys.argv[1]}: no server logs kept, so nothing was checked (is E2E_LOG_DIR set?)")
    passwords = test_passwords()
    if not passwords:
        sys.exit("no test passwords found in the test sources: the check would be hollow")
    problems = []
    lines = 0
    for log in logs:
        for n, line in enumerate(log.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            lines += 1
            hits = [what for what, rx in PATTERNS if rx.search(line)]
            hits += ["a test password" for pw in passwords if pw in line or pw.replace(" ", "+") in line]
            for what in hits:
                problems.append(f"{log.name}:{n}: {what}: {line[:40]}…")
    if problems:
        print("Secrets or card data in the servers' log streams:")
        print("\n".join(problems))
        sys.exit(1)
    print(f"logs hold no secrets: {len(logs)} server logs, {lines} lines, {len(passwords)} test passwords")


if __name__ == "__main__":
    main()
