#!/usr/bin/env python3
"""Pathological inputs: corolint's time and memory against the parse.

Four generated inputs, each a worst case for one part of the analysis:

  100,000 lines        gen_coroutines.py with as many coroutines as make
                       100,000 lines (the size of a big generated file)
  lambdas 200 deep     a coroutine calling a lambda in place that calls a
                       lambda in place ... 200 deep, the innermost sleeps
                       (the walker walks into each one)
  chain 10,000 deep    a coroutine calls f0, f0 calls f1, ... f9999 sleeps
                       (the closure of corolint-blocking-transitive)
  macro, 4,096 calls   one macro use that expands to 4,096 sleep() calls,
                       in a coroutine and in a helper a coroutine calls

For each, three commands on the same file with the same flags:

  clang++-19 -fsyntax-only                                   (the floor)
  clang-tidy-19 --load=<module> --checks='-*,corolint-*'
  corolint -p <dir with a compile_commands.json> --no-cache -j 1

and their wall time, CPU time (user + sys) and maximum resident set size,
best of --runs (RSS: the largest seen). The number of findings is checked
against what each input must produce, so a table is only printed for
correct results. Prints a markdown table on stdout, progress on stderr.

    python3 bench/checks/pathological.py --build-dir build [--runs 3]

The generators are also used, at smaller sizes, by the correctness test
test/checks/pathological_test.py.
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from overhead import run_once  # noqa: E402  (one way to measure a child)
from gen_coroutines import expected_findings as generated_findings  # noqa: E402

TASK = """\
#include <coroutine>
#include <exception>
#include <unistd.h>

// A minimal eager task: the analysis only needs the body to be a coroutine.
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};
"""

FINDING = re.compile(r"^(.*):(\d+):(\d+): warning: .*\[(corolint-[a-z-]+)\]$", re.M)


def nested_lambdas(depth):
    """A coroutine whose body calls a lambda in place, which calls one in
    place, ... `depth` deep; the innermost calls sleep(). One finding,
    corolint-blocking-sleep, on the line `EXPECT` marks."""
    lines = [TASK, "task nested() {"]
    for i in range(depth):
        lines.append("  " * (i + 1) + "[&] {")
    lines.append("  " * (depth + 1) + "sleep(1); // EXPECT corolint-blocking-sleep")
    for i in reversed(range(depth)):
        lines.append("  " * (i + 1) + "}();")
    lines.append("  co_return;")
    lines.append("}")
    return "\n".join(lines) + "\n"


def call_chain(depth):
    """f{depth-1} sleeps; f{i} calls f{i+1}; a coroutine calls f0. Defined
    deepest first, so no declarations are needed. One finding,
    corolint-blocking-transitive, on the coroutine's call."""
    lines = [TASK, f"void f{depth - 1}() {{ sleep(1); }}"]
    for i in reversed(range(depth - 1)):
        lines.append(f"void f{i}() {{ f{i + 1}(); }}")
    lines.append("task chain() {")
    lines.append("  f0(); // EXPECT corolint-blocking-transitive")
    lines.append("  co_return;")
    lines.append("}")
    return "\n".join(lines) + "\n"


def macro_calls(power):
    """A macro that expands to 4**power sleep() calls, used once in a
    coroutine (one finding at the use: every call is at the same place)
    and once in a helper that a coroutine calls (one finding through it)."""
    lines = [TASK, "#define SLEEP_0 sleep(1);"]
    for p in range(1, power + 1):
        lines.append(f"#define SLEEP_{p} SLEEP_{p - 1} SLEEP_{p - 1} SLEEP_{p - 1} SLEEP_{p - 1}")
    lines += [
        "task direct() {",
        f"  SLEEP_{power} // EXPECT corolint-blocking-sleep",
        "  co_return;",
        "}",
        f"void helper() {{ SLEEP_{power} }}",
        "task through() {",
        "  helper(); // EXPECT corolint-blocking-transitive",
        "  co_return;",
        "}",
    ]
    return "\n".join(lines) + "\n"


def expected_findings(text):
    """(line, check) for each `// EXPECT <check>` in the text."""
    return sorted((n, m.group(1)) for n, line in enumerate(text.splitlines(), 1)
                  for m in [re.search(r"// EXPECT (corolint-[a-z-]+)", line)] if m)


def big_file(lines, path):
    """gen_coroutines.py with as many coroutines as make about `lines` lines
    (its output grows linearly: measured on a small one)."""
    gen = os.path.join(HERE, "gen_coroutines.py")

    def generate(n):
        # Dense: a chain through every coroutine's helper, the worst case.
        subprocess.run([sys.executable, gen, "--dense", str(n), path], check=True)
        with open(path, "rb") as f:
            return sum(1 for _ in f)
    small = generate(100)
    per = (generate(200) - small) / 100
    n = max(1, round(100 + (lines - small) / per))
    return n, generate(n)


class Case:
    def __init__(self, name, path, expected=None, findings=None):
        self.name = name
        self.path = path
        self.expected = expected      # [(line, check)] or None
        self.findings = findings      # expected count when `expected` is None
        self.lines = sum(1 for _ in open(path, "rb"))
        self.results = {}             # tool -> dict(cpu, wall, rss, found)


def write(work, name, text):
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def parse_findings(text, path):
    """(line, check) of the warnings in clang-style output about `path`."""
    base = os.path.basename(path)
    return sorted((int(m.group(2)), m.group(4)) for m in FINDING.finditer(text)
                  if os.path.basename(m.group(1)) == base)


def commands(case, tools, args):
    d = os.path.dirname(case.path)
    with open(os.path.join(d, "compile_commands.json"), "w") as f:
        json.dump([{"directory": d, "file": case.path,
                    "arguments": [tools.clang] + args + ["-c", case.path]}], f)
    return {
        "clang++ -fsyntax-only": [tools.clang, "-fsyntax-only"] + args + [case.path],
        "clang-tidy + module": [tools.tidy, "--load=" + tools.module, "--quiet",
                                "--config={}", "--checks=-*,corolint-*", case.path,
                                "--"] + args,
        "corolint": [tools.corolint, "-p", d, "--no-cache", "-j", "1", case.path],
    }


TOOLS = ("clang++ -fsyntax-only", "clang-tidy + module", "corolint")


def measure(case, tools, runs, args):
    cmds = commands(case, tools, args)
    out = os.path.join(os.path.dirname(case.path), "out.txt")
    for r in range(runs):
        for tool in TOOLS:   # interleaved: load spreads over all three
            cpu, wall, rss, rc = run_once(cmds[tool], out)
            res = case.results.setdefault(tool, {"cpu": [], "wall": [], "rss": 0})
            res["cpu"].append(cpu)
            res["wall"].append(wall)
            res["rss"] = max(res["rss"], rss)
            ok = rc == 0 if tool.startswith("clang++") else rc in (0, 1)
            text = open(out, errors="replace").read()
            if not ok:
                sys.exit(f"{case.name}: {tool} failed (exit {rc}):\n{text[-3000:]}")
            if tool != "clang++ -fsyntax-only":
                found = parse_findings(text, case.path)
                if case.expected is not None and found != case.expected:
                    sys.exit(f"{case.name}: {tool} found {found[:10]}, expected {case.expected}")
                if case.expected is None and len(found) != case.findings:
                    sys.exit(f"{case.name}: {tool} found {len(found)} findings, "
                             f"expected {case.findings}")
                res["found"] = len(found)
        sys.stderr.write(f"  run {r + 1}/{runs}: " + ", ".join(
            f"{t} {min(case.results[t]['wall']):.2f}s" for t in TOOLS) + "\n")


def table(cases):
    head = ["| input | lines | findings |"]
    sep = ["| --- | ---: | ---: |"]
    for t in TOOLS:
        head.append(f" {t}: wall s | CPU s | max RSS MiB |")
        sep.append(" ---: | ---: | ---: |")
    rows = ["".join(head), "".join(sep)]
    for c in cases:
        found = c.results["corolint"].get("found", "?")
        row = f"| {c.name} | {c.lines:,} | {found} |"
        for t in TOOLS:
            r = c.results[t]
            row += f" {min(r['wall']):.2f} | {min(r['cpu']):.2f} | {r['rss'] / 1024:,.0f} |"
        rows.append(row)
    return "\n".join(rows)


def find_default(build_dir, rel):
    p = os.path.join(build_dir, rel)
    return p if os.path.exists(p) else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"),
                    help="build with checks/libcorolint-tidy-19.so and bin/corolint")
    ap.add_argument("--module")
    ap.add_argument("--corolint")
    ap.add_argument("--clang", default="clang++-19")
    ap.add_argument("--clang-tidy", default="clang-tidy-19")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lines", type=int, default=100000)
    ap.add_argument("--lambda-depth", type=int, default=200)
    ap.add_argument("--chain-depth", type=int, default=10000)
    ap.add_argument("--macro-power", type=int, default=6,
                    help="the macro expands to 4**N calls (6: 4,096)")
    ap.add_argument("--work-dir", help="where the inputs go (default: a temp dir)")
    opts = ap.parse_args()

    class Tools:
        pass
    tools = Tools()
    tools.clang, tools.tidy = opts.clang, opts.clang_tidy
    tools.module = opts.module or find_default(opts.build_dir, "checks/libcorolint-tidy-19.so")
    tools.corolint = opts.corolint or find_default(opts.build_dir, "bin/corolint")
    if not tools.module or not tools.corolint:
        sys.exit("no module or corolint in the build dir: build it or pass --module/--corolint")
    tools.module, tools.corolint = map(os.path.abspath, (tools.module, tools.corolint))

    work = opts.work_dir or tempfile.mkdtemp(prefix="corolint-pathological-")
    cases = []

    def case_dir(name):
        d = os.path.join(work, name)
        os.makedirs(d, exist_ok=True)
        return d

    # The big file's findings, as gen_coroutines.py --dense makes them: every
    # 10th coroutine calls sleep, recv or fopen (and fclose) in turn, and
    # every coroutine calls its helper, whose body has a usleep (under
    # `if (false)` but for i % 10 == 5: the call graph does not evaluate
    # conditions).
    big = os.path.join(case_dir("lines"), "big.cpp")
    n, lines = big_file(opts.lines, big)
    sys.stderr.write(f"generated {lines:,} lines ({n:,} coroutines)\n")
    findings = generated_findings(n, dense=True)
    cases.append(Case(f"{lines:,} lines, {n:,} coroutines", big, findings=findings))

    for name, text in (
            (f"lambdas {opts.lambda_depth} deep", nested_lambdas(opts.lambda_depth)),
            (f"call chain {opts.chain_depth:,} deep", call_chain(opts.chain_depth)),
            (f"macro, {4 ** opts.macro_power:,} calls", macro_calls(opts.macro_power))):
        path = write(case_dir(name.split()[0]), "input.cpp", text)
        cases.append(Case(name, path, expected=expected_findings(text)))

    args = ["-std=c++20"]
    for c in cases:
        sys.stderr.write(f"{c.name}: {c.lines:,} lines, {opts.runs} runs\n")
        measure(c, tools, opts.runs, args)

    print(table(cases))
    print()
    print(f"Best of {opts.runs} runs (max RSS: the largest); {os.cpu_count()} cores, "
          f"{platform.machine()}; module {os.path.relpath(tools.module, ROOT)}, "
          f"corolint -j 1 --no-cache.")


if __name__ == "__main__":
    main()
