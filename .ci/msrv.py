#!/usr/bin/env python3
"""The declared MSRV: no package in the dependency tree may need a newer Rust
than the workspace's `rust-version` (its `rust-version` field, from
`cargo metadata`). With the other half, clippy's `incompatible_msrv` lint (on
by default; it reads `rust-version` and flags our own use of newer standard
library APIs), this is the MSRV check: CI has one toolchain and cannot fetch
another to build with the declared version itself.

Usage: python3 .ci/msrv.py; exit 1 and one line per package that needs more."""
import json, subprocess, sys


def version(v):
    return tuple(int(part) for part in v.split("."))[:3] + (0,) * (3 - len(v.split(".")))


meta = json.loads(subprocess.run(["cargo", "metadata", "--format-version", "1", "--locked"],
                                 check=True, capture_output=True, text=True).stdout)
ours = [p for p in meta["packages"] if p["source"] is None]
declared = {p["rust_version"] for p in ours}
if len(declared) != 1 or None in declared:
    sys.exit(f"every workspace crate must declare the one workspace rust-version; found {sorted(map(str, declared))}")
msrv = declared.pop()
bad = [f"{p['name']} {p['version']} needs Rust {p['rust_version']} (the workspace declares {msrv})"
       for p in meta["packages"] if p["rust_version"] and version(p["rust_version"]) > version(msrv)]
print("\n".join(bad) if bad else f"msrv ok: no dependency needs more than Rust {msrv}")
sys.exit(1 if bad else 0)
