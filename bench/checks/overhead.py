#!/usr/bin/env python3
"""CPU cost of the corolint checks against the parse they sit on.

For each input it measures the CPU time (user + sys of the child, from
os.wait4) of three commands on the same file with the same flags:

  (a) clang++-19 -fsyntax-only                         the compiler's parse
  (b) clang-tidy-19 --load=<module> with no active check
      (--checks='-*,objc-forbidden-subclassing': an Objective-C-only check,
      so for C++ clang-tidy creates no check, adds no AST matcher pass and
      only parses: clang-tidy refuses to run with no check enabled at all)
  (c) clang-tidy-19 --load=<module> --checks='-*,corolint-*'

Runs are interleaved (a, b, c, a, b, c, ...) so that load from other
processes on the machine spreads over all three, and the best (smallest) of
K runs is kept. The checks' own cost is (c) - (b): everything corolint adds,
including the AST matcher traversal that any clang-tidy check pays for.

Inputs: generated files with 10, 100, 1,000 and 10,000 coroutines
(gen_coroutines.py), and the project's own sources: checks/engine/*.cpp and
checks/tidy/*.cpp with their flags from a compile_commands.json, and
runtime/src/*.cpp (with -I runtime/include) when the runtime is there.

Prints a markdown table to stdout (progress goes to stderr) and, with
--json, writes every measurement to a file.

    python3 bench/checks/overhead.py [--module build-bench/checks/libcorolint-tidy-19.so]
"""
import argparse
import glob
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

CONFIGS = ("a", "b", "c")
FLOOR_CHECK = "objc-forbidden-subclassing"
FINDING = re.compile(r"warning: .*\[corolint-[a-z-]+\]$", re.M)
MATCHES = re.compile(r"^(\d+) match(?:es)?\.$", re.M)


def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


class Input:
    def __init__(self, name, path, args, coroutines=None, generated=False):
        self.name = name          # shown in the table
        self.path = path          # the source file
        self.args = args          # compiler arguments, without the file
        self.coroutines = coroutines
        self.generated = generated
        self.lines = sum(1 for _ in open(path, "rb"))
        self.runs = {c: [] for c in CONFIGS}   # CPU seconds per run
        self.wall = {c: [] for c in CONFIGS}
        self.rss = {c: 0 for c in CONFIGS}     # max resident KiB
        self.findings = None
        self.failed = {}                       # config -> exit status
        self.instructions = {}                 # config -> instructions (callgrind)


def compile_db_inputs(build_dir):
    """checks/ sources with their flags, from compile_commands.json."""
    db_path = os.path.join(build_dir, "compile_commands.json")
    if not os.path.exists(db_path):
        log(f"note: no {db_path}; skipping checks/ sources")
        return []
    result = []
    for entry in json.load(open(db_path)):
        src = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
        rel = os.path.relpath(src, ROOT)
        if not (rel.startswith("checks/engine/") or rel.startswith("checks/tidy/")):
            continue
        argv = entry.get("arguments") or shlex.split(entry["command"])
        args, skip = [], False
        for a in argv[1:]:  # drop the compiler
            if skip:
                skip = False
                continue
            if a in ("-o", "-MF", "-MT", "-MQ"):
                skip = True
                continue
            if a in ("-c", "-MD", "-MMD") or os.path.realpath(
                    os.path.join(entry["directory"], a)) == src:
                continue
            args.append(a)
        # Relative -I paths are relative to the entry's directory.
        fixed = []
        for a in args:
            if a.startswith("-I") and len(a) > 2 and not os.path.isabs(a[2:]):
                a = "-I" + os.path.join(entry["directory"], a[2:])
            fixed.append(a)
        result.append(Input(rel, src, fixed))
    result.sort(key=lambda i: i.name)
    return result


def runtime_inputs():
    inc = os.path.join(ROOT, "runtime", "include")
    srcs = sorted(glob.glob(os.path.join(ROOT, "runtime", "src", "*.cpp")))
    return [Input(os.path.relpath(s, ROOT), s, ["-std=c++20", "-I" + inc])
            for s in srcs]


def generated_inputs(sizes, dense_sizes, work_dir):
    """Generated files: every 10th coroutine blocks directly and every 10th
    through its helper; the dense ones have a chain in every coroutine too
    (gen_coroutines.py --dense), the worst case for reporting."""
    gen = os.path.join(HERE, "gen_coroutines.py")
    result = []
    for dense, group in ((False, sizes), (True, dense_sizes)):
        for n in sorted(group):
            out = os.path.join(work_dir, f"coroutines_{n}{'_dense' if dense else ''}.cpp")
            subprocess.run([sys.executable, gen] + (["--dense"] if dense else []) + [str(n), out],
                           check=True)
            name = f"generated, {n:,} coroutines" + (", a finding in each" if dense else "")
            result.append(Input(name, out, ["-std=c++20"], coroutines=n, generated=True))
    return result


def commands(inp, tools):
    a = [tools.clang, "-fsyntax-only"] + inp.args + [inp.path]
    tidy = [tools.tidy, "--load=" + tools.module, "--quiet", "--config={}"]
    b = tidy + ["--checks=-*," + FLOOR_CHECK, inp.path, "--"] + inp.args
    c = tidy + ["--checks=-*,corolint-*", inp.path, "--"] + inp.args
    return {"a": a, "b": b, "c": c}


def run_once(cmd, out_path):
    """Runs cmd; returns (cpu seconds of it and its children, wall, rusage, status)."""
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    return ru.ru_utime + ru.ru_stime, wall, ru.ru_maxrss, proc.returncode


def count_coroutines(inp, tools):
    """Coroutine definitions in the translation unit (headers included), by
    the same matcher the checks use."""
    if not tools.query:
        return None
    cmd = [tools.query, "-c", "set output diag", "-c",
           "match functionDecl(isDefinition(), hasBody(coroutineBodyStmt()))",
           inp.path, "--"] + inp.args
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          stdin=subprocess.DEVNULL)
    found = MATCHES.findall(proc.stdout.decode(errors="replace"))
    return int(found[-1]) if found else None


def measure(inp, tools, runs, scratch):
    cmds = commands(inp, tools)
    for r in range(runs):
        for cfg in CONFIGS:
            out = os.path.join(scratch, f"out_{cfg}.txt")
            cpu, wall, rss, rc = run_once(cmds[cfg], out)
            inp.runs[cfg].append(cpu)
            inp.wall[cfg].append(wall)
            inp.rss[cfg] = max(inp.rss[cfg], rss)
            if rc != 0:
                inp.failed[cfg] = rc
            if cfg == "c" and r == 0:
                text = open(out, errors="replace").read()
                inp.findings = len(FINDING.findall(text))
        log(f"  run {r + 1}/{runs}: " + ", ".join(
            f"{c}={inp.runs[c][-1]:.3f}s" for c in CONFIGS))


def count_instructions(inp, tools, scratch):
    """Instructions executed by (a), (b) and (c), counted once each by
    callgrind: slow, but free of the noise of a shared machine."""
    cmds = commands(inp, tools)
    for cfg in CONFIGS:
        log_path = os.path.join(scratch, f"callgrind_{cfg}.log")
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               "--log-file=" + log_path] + cmds[cfg]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL)
        found = re.findall(r"Collected : (\d+)", open(log_path).read())
        if found:
            inp.instructions[cfg] = int(found[-1])
    if len(inp.instructions) == len(CONFIGS):
        a, b, c = (inp.instructions[k] for k in CONFIGS)
        log(f"  instructions: a={a:,} b={b:,} c={c:,} "
            f"(c/b {pct(c, b):+.1f}%, c/a {pct(c, a):+.1f}%)")


def instruction_table(inputs):
    rows = ["| input | coroutines | (a) clang++ -fsyntax-only | (b) clang-tidy, no check "
            "| (c) corolint | checks' instructions (c - b) | checks' overhead (c/b) "
            "| overhead vs clang++ (c/a) | checks' instructions per coroutine |",
            "| --- |" + " ---: |" * 8]
    for inp in inputs:
        if len(inp.instructions) != len(CONFIGS):
            continue
        a, b, c = (inp.instructions[k] for k in CONFIGS)
        per = f"{(c - b) / inp.coroutines:,.0f}" if inp.coroutines else "—"
        rows.append(f"| {inp.name} | {fmt_int(inp.coroutines)} | {a:,} | {b:,} | {c:,} "
                    f"| {c - b:,} | {pct(c, b):+.1f}% | {pct(c, a):+.1f}% | {per} |")
    return "\n".join(rows) if len(rows) > 2 else ""


def best(inp, cfg):
    return min(inp.runs[cfg]) if inp.runs[cfg] else float("nan")


def pct(x, floor):
    return 100.0 * (x - floor) / floor if floor > 0 else float("nan")


def fmt_int(v):
    return "?" if v is None else f"{v:,}"


def table(inputs):
    """One row per input. For the generated inputs, the checks' cost per
    coroutine is shown two ways: averaged over the file ((c - b) / N, which
    includes the fixed cost of walking the headers' AST) and marginal (the
    growth of c - b from the previous, smaller generated file, divided by
    the coroutines added): linear growth keeps the marginal cost flat."""
    head = ("| input | coroutines | lines | findings | (a) clang++ -fsyntax-only s "
            "| (b) clang-tidy, no check s | (c) corolint s | checks' overhead (c/b) "
            "| overhead vs clang++ (c/a) | checks' µs per coroutine, average "
            "| checks' µs per coroutine, marginal |")
    rows = [head, "| --- |" + " ---: |" * 10]
    prev = None  # (coroutines, c - b) of the previous generated input
    for inp in inputs:
        a, b, c = best(inp, "a"), best(inp, "b"), best(inp, "c")
        avg = marginal = "—"
        if inp.generated and inp.coroutines:
            avg = f"{(c - b) / inp.coroutines * 1e6:,.0f}"
            if prev and inp.coroutines > prev[0]:
                marginal = f"{((c - b) - prev[1]) / (inp.coroutines - prev[0]) * 1e6:,.0f}"
            prev = (inp.coroutines, c - b)
        note = ""
        if inp.failed:
            note = " (exit " + ", ".join(f"{k}={v}" for k, v in sorted(inp.failed.items())) + ")"
        rows.append(
            f"| {inp.name}{note} | {fmt_int(inp.coroutines)} | {inp.lines:,} "
            f"| {fmt_int(inp.findings)} | {a:.3f} | {b:.3f} | {c:.3f} "
            f"| {pct(c, b):+.1f}% | {pct(c, a):+.1f}% | {avg} | {marginal} |")
    return "\n".join(rows)


def summary(inputs):
    """Totals over the project's own sources."""
    own = [i for i in inputs if not i.generated]
    if not own:
        return ""
    a = sum(best(i, "a") for i in own)
    b = sum(best(i, "b") for i in own)
    c = sum(best(i, "c") for i in own)
    return (f"| all {len(own)} project sources | "
            f"{fmt_int(sum(i.coroutines or 0 for i in own))} | "
            f"{sum(i.lines for i in own):,} | "
            f"{sum(i.findings or 0 for i in own):,} | {a:.3f} | {b:.3f} | {c:.3f} | "
            f"{pct(c, b):+.1f}% | {pct(c, a):+.1f}% | — | — |")


def find_module(build_dir):
    for d in (build_dir, os.path.join(ROOT, "build")):
        p = os.path.join(d, "checks", "libcorolint-tidy-19.so")
        if os.path.exists(p):
            return p
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"),
                    help="build with compile_commands.json and the module")
    ap.add_argument("--module", help="libcorolint-tidy-19.so (default: <build-dir>/checks/)")
    ap.add_argument("--clang", default="clang++-19")
    ap.add_argument("--clang-tidy", default="clang-tidy-19")
    ap.add_argument("--clang-query", default="clang-query-19",
                    help="counts coroutines in the project's sources ('' to skip)")
    ap.add_argument("--sizes", default="10,100,1000,10000",
                    help="coroutines per generated file, comma-separated ('' for none)")
    ap.add_argument("--dense-sizes", default="1000,10000",
                    help="the same, for files with a finding in every coroutine")
    ap.add_argument("--runs", type=int, default=5,
                    help="runs per command for inputs with fewer than --big coroutines "
                         "(0 with --runs-big 0 and --instructions: count instructions only)")
    ap.add_argument("--runs-big", type=int, default=3,
                    help="runs per command for the big generated inputs")
    ap.add_argument("--big", type=int, default=10000,
                    help="generated inputs with at least this many coroutines are big")
    ap.add_argument("--no-project", action="store_true",
                    help="only the generated inputs")
    ap.add_argument("--work-dir", help="where the generated files go (default: a temp dir)")
    ap.add_argument("--json", help="write all measurements here")
    ap.add_argument("--instructions", type=int, default=0, metavar="MAX",
                    help="also count instructions of (a), (b) and (c) with valgrind's "
                         "callgrind for generated inputs of at most MAX coroutines "
                         "(slow: about 50 times a run)")
    opts = ap.parse_args()

    class Tools:
        pass
    tools = Tools()
    tools.clang, tools.tidy = opts.clang, opts.clang_tidy
    tools.query = opts.clang_query or None
    tools.module = opts.module or find_module(opts.build_dir)
    if not tools.module or not os.path.exists(tools.module):
        sys.exit("no libcorolint-tidy-19.so: build it (see docs/performance.md) or pass --module")
    tools.module = os.path.abspath(tools.module)

    work = opts.work_dir or tempfile.mkdtemp(prefix="corolint-bench-")
    os.makedirs(work, exist_ok=True)
    sizes = [int(s) for s in opts.sizes.split(",") if s.strip()]
    dense_sizes = [int(s) for s in opts.dense_sizes.split(",") if s.strip()]
    inputs = generated_inputs(sizes, dense_sizes, work)
    if not opts.no_project:
        inputs += compile_db_inputs(opts.build_dir) + runtime_inputs()

    log(f"module: {tools.module}")
    log(f"work dir: {work}")
    for inp in inputs:
        if inp.coroutines is None:
            inp.coroutines = count_coroutines(inp, tools)
        runs = opts.runs_big if inp.generated and inp.coroutines >= opts.big else opts.runs
        log(f"{inp.name}: {inp.lines:,} lines, {fmt_int(inp.coroutines)} coroutines, "
            f"{runs} runs")
        measure(inp, tools, runs, work)
        if inp.generated and inp.coroutines <= opts.instructions:
            count_instructions(inp, tools, work)

    if any(inp.runs["c"] for inp in inputs):  # --runs 0: instructions only
        print(table(inputs))
        s = summary(inputs)
        if s:
            print(s)
        print()
        print(f"Best of {opts.runs} runs ({opts.runs_big} for {opts.big:,} coroutines and "
              f"more), CPU seconds (user + sys); {os.cpu_count()} cores, "
              f"{platform.machine()}; module {os.path.relpath(tools.module, ROOT)}.")

    itable = instruction_table(inputs)
    if itable:
        print()
        print("Instructions executed (valgrind --tool=callgrind, one run each):")
        print()
        print(itable)

    if opts.json:
        with open(opts.json, "w") as f:
            json.dump([{
                "input": i.name, "path": i.path, "args": i.args,
                "coroutines": i.coroutines, "lines": i.lines,
                "findings": i.findings, "cpu_seconds": i.runs,
                "wall_seconds": i.wall, "max_rss_kib": i.rss,
                "failed": i.failed, "instructions": i.instructions,
                "commands": commands(i, tools),
            } for i in inputs], f, indent=1)


if __name__ == "__main__":
    main()
