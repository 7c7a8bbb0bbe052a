#!/usr/bin/env python3
"""Size limits of production code: no source file over 800 lines, no function
over 100 lines. Production code is every crate's src/ (not tests/, benches/,
examples/, the end-to-end crate tests/ or fuzz/). rustfmt formats a function's
closing brace at the indentation of its `fn`, which is what this counts to.

Usage: python3 .ci/limits.py [ROOT]; exit 1 and one line per breach."""
import os, re, sys
root = sys.argv[1] if len(sys.argv) > 1 else "."
bad = 0
fn_re = re.compile(r'^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?(extern\s+"[^"]*"\s+)?fn\s+(\w+)')
for dirpath, dirs, files in os.walk(root):
    dirs[:] = [d for d in dirs if d not in ("target", ".git", "node_modules")]
    for f in files:
        if not f.endswith(".rs"): continue
        p = os.path.join(dirpath, f)
        rel = os.path.relpath(p, root)
        lines = open(p, encoding="utf-8").read().split("\n")
        prod = "/src/" in "/" + rel and not rel.startswith("tests/") and not rel.startswith("fuzz/")
        if not prod: continue
        if len(lines) > 800:
            print(f"{rel}: {len(lines)} lines (limit 800)"); bad += 1
        for i, line in enumerate(lines):
            m = fn_re.match(line)
            if not m: continue
            ind = m.group(1)
            # find the line that closes: same indent + "}"
            if line.rstrip().endswith(";"): continue
            for j in range(i + 1, len(lines)):
                if lines[j] == ind + "}" or lines[j].startswith(ind + "}") and lines[j].strip() in ("}", "})", "});", "},"):
                    n = j - i + 1
                    if n > 100:
                        print(f"{rel}:{i+1}: fn {m.group(8)} is {n} lines (limit 100)"); bad += 1
                    break
sys.exit(1 if bad else 0)
