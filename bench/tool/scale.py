#!/usr/bin/env python3
"""The corolint command over whole projects, against run-clang-tidy-19 with
the corolint module and the same checks, side by side in one run.

Projects: a generated one (gen_project.py, 200 files by default, with call
chains that cross files) and corio itself (runtime/src/*.cpp, with the
flags of the build's compile_commands.json).

For each project, rounds of (interleaved, so load on the shared machine
spreads over all of them):

  run-clang-tidy   run-clang-tidy-19 -j J -load <module> -checks='-*,corolint-*'
  corolint cold    corolint -p <db> -j J, its cache emptied first
  corolint warm    the same again, every unit from the cache

The best wall time of the rounds is kept, and the CPU time of that run
(user + sys of the process and its children). The cross-unit merge time is
what `corolint --print-stats` reports for the cold run.

    python3 bench/tool/scale.py --build-dir build [--files 200] [--rounds 3] [-j 2]

Prints a markdown table on stdout; progress goes to stderr.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MERGE = re.compile(r"corolint: time: ([\d.]+) ms analysing \(wall\), ([\d.]+) ms merging")
FINDING = re.compile(r"warning: .*\[corolint-[a-z-]+\]$", re.M)


def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def run(cmd, cwd=None):
    """(wall seconds, CPU seconds of it and its children, stdout+stderr, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, ru.ru_utime + ru.ru_stime, out.decode(errors="replace"), \
        os.waitstatus_to_exitcode(status)


def corio_project(build_dir, work):
    """corio's own units, from the build's compile database, in a database of their own."""
    db = json.load(open(os.path.join(build_dir, "compile_commands.json")))
    src = os.path.join(ROOT, "runtime", "src") + os.sep
    entries = [e for e in db
               if os.path.realpath(os.path.join(e["directory"], e["file"])).startswith(src)]
    if not entries:
        return None
    out = os.path.join(work, "corio-db")
    os.makedirs(out, exist_ok=True)
    json.dump(entries, open(os.path.join(out, "compile_commands.json"), "w"), indent=1)
    return out


class Config:
    def __init__(self, name):
        self.name = name
        self.walls, self.cpus = [], []
        self.findings = None
        self.merge_ms = None
        self.analyse_ms = None


def measure(name, db_dir, root, tools, rounds, jobs):
    cache = os.path.join(db_dir, ".corolint-cache")
    tidy_cmd = [tools.run_clang_tidy, "-j", str(jobs), "-load", tools.module,
                "-clang-tidy-binary", tools.clang_tidy, "-checks=-*,corolint-*",
                "-quiet", "-p", db_dir]
    lint_cmd = [tools.corolint, "-p", db_dir, "--root", root, f"-j{jobs}", "--print-stats"]
    configs = {k: Config(k) for k in ("run-clang-tidy", "corolint cold", "corolint warm")}
    for r in range(rounds):
        shutil.rmtree(cache, ignore_errors=True)
        for key, cmd in (("run-clang-tidy", tidy_cmd), ("corolint cold", lint_cmd),
                         ("corolint warm", lint_cmd)):
            wall, cpu, out, rc = run(cmd)
            if rc not in (0, 1):
                sys.exit(f"{name}: {' '.join(cmd)} failed ({rc}):\n{out[-4000:]}")
            c = configs[key]
            c.walls.append(wall)
            c.cpus.append(cpu)
            if key == "run-clang-tidy":
                # run-clang-tidy prints each unit's warnings, header ones once per unit.
                c.findings = len(set(FINDING.findall(out)))
            else:
                m = MERGE.search(out)
                if m and (c.merge_ms is None or wall <= min(c.walls)):
                    c.analyse_ms, c.merge_ms = float(m.group(1)), float(m.group(2))
                c.findings = len(FINDING.findall(out))
            log(f"  {name} round {r + 1}/{rounds}: {key} {wall:.2f} s wall, {cpu:.2f} s CPU")
    return configs


def best(c):
    i = min(range(len(c.walls)), key=lambda k: c.walls[k])
    return c.walls[i], c.cpus[i]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--run-clang-tidy", default="run-clang-tidy-19")
    ap.add_argument("--clang-tidy", default="clang-tidy-19")
    ap.add_argument("--work-dir", help="where the generated project goes (default: a temp dir)")
    tools = ap.parse_args()
    tools.module = os.path.join(tools.build_dir, "checks", "libcorolint-tidy-19.so")
    tools.corolint = os.path.join(tools.build_dir, "bin", "corolint")
    for path in (tools.module, tools.corolint):
        if not os.path.exists(path):
            sys.exit(f"{path} is missing: build the corolint and corolint-tidy targets first")
    for exe in (tools.run_clang_tidy, tools.clang_tidy):
        if not shutil.which(exe):
            sys.exit(f"{exe} not found")

    work = tools.work_dir or tempfile.mkdtemp(prefix="corolint-scale-")
    os.makedirs(work, exist_ok=True)
    gen = os.path.join(work, f"generated-{tools.files}")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_project.py"), str(tools.files), gen],
                   check=True)
    projects = [(f"generated, {tools.files} files", os.path.join(gen, "build"), gen,
                 tools.files)]
    corio_db = corio_project(tools.build_dir, work)
    if corio_db:
        n = len(json.load(open(os.path.join(corio_db, "compile_commands.json"))))
        projects.append((f"corio (runtime/src), {n} files", corio_db, ROOT, n))

    rows = []
    for name, db_dir, root, _ in projects:
        log(f"{name}:")
        rows.append((name, measure(name, db_dir, root, tools, tools.rounds, tools.jobs)))

    print(f"`python3 bench/tool/scale.py --build-dir {os.path.relpath(tools.build_dir, ROOT)} "
          f"--files {tools.files} --rounds {tools.rounds} -j {tools.jobs}`; best wall time of "
          f"{tools.rounds} interleaved rounds, CPU time of that run.\n")
    print("| project | run-clang-tidy-19 -j%d | corolint -j%d cold | corolint warm | "
          "cold / run-clang-tidy | warm / cold | cross-unit merge | findings (rct / corolint) |"
          % (tools.jobs, tools.jobs))
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, c in rows:
        rct, cold, warm = c["run-clang-tidy"], c["corolint cold"], c["corolint warm"]
        (rw, rc), (cw, cc), (ww, wc) = best(rct), best(cold), best(warm)
        merge = (f"{cold.merge_ms:.1f} ms ({cold.merge_ms / 1000 / cw:.2%} of cold)"
                 if cold.merge_ms is not None else "n/a")
        print(f"| {name} | {rw:.2f} s ({rc:.1f} s CPU) | {cw:.2f} s ({cc:.1f} s CPU) | "
              f"{ww:.3f} s ({wc:.2f} s CPU) | {cw / rw:.2f} | {ww / cw:.1%} | {merge} | "
              f"{rct.findings} / {cold.findings} |")
    if not tools.work_dir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
