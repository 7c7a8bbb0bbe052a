#!/usr/bin/env python3
"""Module circles: in each library crate, the graph of its top-level modules
(`src/NAME.rs` or `src/NAME/`) with an edge A -> B where a file of A names
`crate::B` must have no cycle. Unit tests (`#[cfg(test)] mod tests`) do not count.

Usage: python3 .ci/modcycles.py [ROOT]; exit 1 and one line per cycle."""
import os, re, sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
crate_re = re.compile(r"\bcrate::(\w+)")
bad = 0
for crate in sorted(os.listdir(root)):
    src = os.path.join(root, crate, "src")
    if not os.path.isfile(os.path.join(root, crate, "Cargo.toml")) or not os.path.isdir(src):
        continue
    edges = {}
    for dirpath, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), src)
            top = rel.split(os.sep)[0]
            top = top[:-3] if top.endswith(".rs") else top
            if top in ("lib", "main") or rel.startswith("bin" + os.sep):
                continue
            text = open(os.path.join(dirpath, f), encoding="utf-8").read()
            text = re.sub(r"//[^\n]*", "", text)
            # A file's unit tests (`#[cfg(test)] mod tests`, last by convention)
            # may use any module: they are not part of the module graph.
            text = re.split(r"#\[cfg\(test\)\]\s*mod tests\b", text)[0]
            for m in crate_re.finditer(text):
                target = m.group(1)
                if target != top and (os.path.exists(os.path.join(src, target + ".rs")) or os.path.isdir(os.path.join(src, target))):
                    edges.setdefault(top, set()).add(target)
    # Find cycles with a DFS (report each strongly connected component > 1).
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = counter[0]; counter[0] += 1
        stack.append(v); on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))
    for v in sorted(edges):
        if v not in index:
            visit(v)
    for comp in comps:
        print(f"{crate}: module circle among {', '.join(comp)}")
        bad += 1
sys.exit(1 if bad else 0)
