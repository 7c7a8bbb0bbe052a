# Issue 17: count the CPUID instructions a program executes, by where they
# are (each CPUID leaves a virtual machine's guest: ≈ 7.5 µs on the nested
# guest of docs/BENCHMARKS.md, "Issue 17, third pass"). A gdb Python script:
#
#   gdb -q -batch -ex 'set startup-with-shell off' \
#     -ex 'source verifier/benches/count_cpuid.py' -ex starti -ex 'python add_all()' -ex continue \
#     --args target/release/verifier check --data DIR TEXT
#
# prints one line per function holding a `cpuid` (from `objdump -d` of the
# binary and of each library as it is loaded), with its hits, then the total.
import gdb, subprocess, collections
counts = collections.Counter()
done = set()
def cpuid_offsets(path):
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", path], capture_output=True, text=True).stdout
    offs = []
    func = "?"
    for line in out.splitlines():
        if line.endswith(">:"):
            func = line.split("<",1)[1][:-2]
        s = line.strip()
        if "\tcpuid" in s or s.endswith("cpuid"):
            addr = s.split(":")[0]
            try: offs.append((int(addr,16), func))
            except ValueError: pass
    return offs
class B(gdb.Breakpoint):
    def __init__(self, spec, tag):
        super().__init__(spec, internal=True)
        self.tag = tag
    def stop(self):
        counts[self.tag] += 1
        return False
def add(objfile_name):
    if objfile_name in done or not objfile_name: return
    done.add(objfile_name)
    # base address from info proc mappings: lowest mapping of that file
    maps = gdb.execute("info proc mappings", to_string=True)
    import os
    real = os.path.realpath(objfile_name)
    bases = [int(l.split()[0],16) for l in maps.splitlines() if l.strip().endswith(real) or l.strip().endswith(objfile_name)]
    if not bases: return
    base = min(bases)
    # ET_EXEC vs ET_DYN
    hdr = subprocess.run(["readelf","-h",real],capture_output=True,text=True).stdout
    if "EXEC" in hdr: base = 0
    for off, func in cpuid_offsets(real):
        B("*0x%x" % (base+off), "%s:%s" % (os.path.basename(real), func))
def on_new(ev):
    add(ev.new_objfile.filename)
gdb.events.new_objfile.connect(on_new)
def report(ev):
    total = sum(counts.values())
    if True:
        for k,v in counts.most_common(): print("%5d %s"%(v,k))
        print("%5d total"%total)
gdb.events.exited.connect(report)
def add_all():
    for o in gdb.objfiles():
        add(o.filename)
