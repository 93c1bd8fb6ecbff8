#!/usr/bin/env python3
"""Scores corolint on a labelled corpus (docs/accuracy.md, "Labelled cases").

A corpus is a directory of self-contained C++ files. Line 1 of each is
`// FLAGS: <compiler flags>` (`${ROOT}` is the project root, `${CORPUS}` the
corpus directory); a line that must produce a finding ends with
`// BLOCKS` or `// BLOCKS: <family> (<why>)`, a trap (looks blocking, is not)
ends with `// OK: <why>`, and every other line must produce no finding.
Scoring is by line: a labelled line is found if any finding is reported on
it; every other line with a finding is one false positive (traps are counted
apart, as the false positives a reader meant to catch).

Runs the clang-tidy module (one clang-tidy per file) and, with --corolint, the
command over a compile database written for the corpus; prints a table per
file and in total, and with --misses every missed and false line. Exit status
0 unless a front end could not run. A `.clang-tidy` in the corpus directory is
used by both (pass --config to use another file).
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

LABEL = re.compile(r"//\s*(BLOCKS|OK)\b(?::\s*([a-z]+))?")
WARNING = re.compile(r"^(.*?):(\d+):(\d+): warning: (.*) \[(corolint-[a-z-]+)\]$")


def read_cases(corpus, root):
    cases = []
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        if not name.endswith(".cpp") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        m = re.match(r"//\s*FLAGS:\s*(.*)", lines[0]) if lines else None
        if not m:
            sys.exit(f"score_corpus: {path}: line 1 is not '// FLAGS: ...'")
        flags = m.group(1).replace("${ROOT}", root).replace("${CORPUS}", corpus)
        labels = {}
        for number, text in enumerate(lines, start=1):
            code = text.split("//", 1)[0]
            for lm in LABEL.finditer(text):
                # A label is a comment at the end of a line of code.
                if code.strip() or lm.group(1) == "BLOCKS":
                    labels[number] = (lm.group(1), lm.group(2) or "")
        cases.append({"name": name, "path": path, "flags": shlex.split(flags), "labels": labels})
    if not cases:
        sys.exit(f"score_corpus: no .cpp files in {corpus}")
    return cases


def run_module(cases, clang_tidy, module, config, jobs):
    """file name -> {line: [(check, message)]}; and the files that failed."""
    found, failed = {}, {}
    procs = []
    for case in cases:
        cmd = [clang_tidy, f"--load={module}", "--checks=-*,corolint-*", "--quiet"]
        if config:
            cmd.append(f"--config-file={config}")
        cmd += [case["path"], "--"] + case["flags"]
        procs.append((case, cmd))
    # A few at a time: each is one parse.
    running = []
    results = []
    for case, cmd in procs:
        running.append((case, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                               text=True, errors="replace")))
        if len(running) >= jobs:
            c, p = running.pop(0)
            results.append((c, p, *p.communicate()))
    for c, p in running:
        results.append((c, p, *p.communicate()))
    for case, proc, out, err in results:
        lines = found.setdefault(case["name"], {})
        for text in out.splitlines():
            m = WARNING.match(text)
            if m and os.path.realpath(m.group(1)) == os.path.realpath(case["path"]):
                lines.setdefault(int(m.group(2)), []).append((m.group(5), m.group(4)))
        if " error: " in out + err:
            failed[case["name"]] = next(l for l in (out + err).splitlines() if " error: " in l)
    return found, failed


def run_command(cases, corolint, config, jobs):
    found, failed = {}, {}
    with tempfile.TemporaryDirectory(prefix="corolint-corpus-") as build:
        db = [{"directory": os.path.dirname(c["path"]), "file": c["path"],
               "arguments": ["clang++-19", "-fsyntax-only"] + c["flags"] + [c["path"]]}
              for c in cases]
        with open(os.path.join(build, "compile_commands.json"), "w") as f:
            json.dump(db, f)
        cmd = [corolint, "-p", build, "--format=json", "--no-cache", f"-j{jobs}",
               "--root", os.path.dirname(cases[0]["path"])]
        if config:
            cmd.append(f"--config-file={config}")
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              errors="replace")
        if proc.returncode not in (0, 1):
            for line in proc.stderr.splitlines():
                m = re.search(r"cannot analyse '([^']*)'", line)
                if m:
                    failed[os.path.basename(m.group(1))] = line
            if not failed:
                sys.exit(f"score_corpus: corolint failed ({proc.returncode}):\n{proc.stderr}")
        if not proc.stdout.strip():
            return found, failed
        by_path = {os.path.realpath(c["path"]): c["name"] for c in cases}
        for f in json.loads(proc.stdout):
            name = by_path.get(os.path.realpath(f["location"]["file"]))
            if name:
                found.setdefault(name, {}).setdefault(f["location"]["line"], []).append(
                    (f["check"], f["message"]))
    return found, failed


def score(cases, found, failed):
    rows = []
    for case in cases:
        name = case["name"]
        labels = case["labels"]
        hits = found.get(name, {})
        positives = {l for l, (kind, _) in labels.items() if kind == "BLOCKS"}
        traps = {l for l, (kind, _) in labels.items() if kind == "OK"}
        tp = positives & hits.keys()
        fn = positives - hits.keys()
        fp = hits.keys() - positives
        family_ok = sum(1 for l in tp if labels[l][1] and any(
            c == "corolint-blocking-" + labels[l][1] for c, _ in hits[l]))
        family_n = sum(1 for l in tp if labels[l][1])
        rows.append({"name": name, "pos": len(positives), "traps": len(traps), "tp": len(tp),
                     "fn": sorted(fn), "fp": sorted(fp), "fp_traps": len(fp & traps),
                     "family_ok": family_ok, "family_n": family_n,
                     "failed": failed.get(name), "hits": hits, "labels": labels})
    return rows


def ratio(a, b):
    return f"{a / b:.3f}" if b else "-"


def print_table(title, rows, misses, corpus, out):
    print(f"\n{title}", file=out)
    print(f"{'file':34} {'pos':>4} {'found':>5} {'missed':>6} {'false':>5} {'(traps)':>7} "
          f"{'recall':>7} {'precision':>9}", file=out)
    tot = dict(pos=0, tp=0, fn=0, fp=0, fpt=0, fam=0, famn=0)
    for r in rows:
        flag = "  (did not parse: %s)" % r["failed"] if r["failed"] else ""
        print(f"{r['name']:34} {r['pos']:4} {r['tp']:5} {len(r['fn']):6} {len(r['fp']):5} "
              f"{r['fp_traps']:7} {ratio(r['tp'], r['pos']):>7} "
              f"{ratio(r['tp'], r['tp'] + len(r['fp'])):>9}{flag}", file=out)
        tot["pos"] += r["pos"]; tot["tp"] += r["tp"]; tot["fn"] += len(r["fn"])
        tot["fp"] += len(r["fp"]); tot["fpt"] += r["fp_traps"]
        tot["fam"] += r["family_ok"]; tot["famn"] += r["family_n"]
    print(f"{'total':34} {tot['pos']:4} {tot['tp']:5} {tot['fn']:6} {tot['fp']:5} {tot['fpt']:7} "
          f"{ratio(tot['tp'], tot['pos']):>7} {ratio(tot['tp'], tot['tp'] + tot['fp']):>9}",
          file=out)
    print(f"check agrees with the labelled family on {tot['fam']} of {tot['famn']} found lines",
          file=out)
    if misses:
        for r in rows:
            src = open(os.path.join(corpus, r["name"]), encoding="utf-8",
                       errors="replace").read().split("\n")
            for l in r["fn"]:
                print(f"  missed {r['name']}:{l}: {src[l - 1].strip()}", file=out)
            for l in r["fp"]:
                checks = ", ".join(sorted({c for c, _ in r["hits"][l]}))
                print(f"  false  {r['name']}:{l}: [{checks}] {src[l - 1].strip()}", file=out)
    return tot


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", required=True)
    p.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))))
    p.add_argument("--clang-tidy", default="clang-tidy-19")
    p.add_argument("--module", help="libcorolint-tidy.so (omit to skip the module)")
    p.add_argument("--corolint", help="the corolint command (omit to skip it)")
    p.add_argument("--config", help="a .clang-tidy file (default: the corpus's own, if any)")
    p.add_argument("-j", "--jobs", type=int, default=2)
    p.add_argument("--misses", action="store_true", help="list every missed and false line")
    args = p.parse_args()
    args.corpus = os.path.abspath(args.corpus)
    config = args.config
    if not config and os.path.exists(os.path.join(args.corpus, ".clang-tidy")):
        config = os.path.join(args.corpus, ".clang-tidy")
    cases = read_cases(args.corpus, os.path.abspath(args.root))
    if not args.module and not args.corolint:
        sys.exit("score_corpus: give --module, --corolint or both")
    if args.module:
        found, failed = run_module(cases, args.clang_tidy, args.module, config, args.jobs)
        print_table(f"module ({args.clang_tidy}) on {args.corpus}", score(cases, found, failed),
                    args.misses, args.corpus, sys.stdout)
    if args.corolint:
        found, failed = run_command(cases, args.corolint, config, args.jobs)
        print_table(f"command on {args.corpus}", score(cases, found, failed), args.misses,
                    args.corpus, sys.stdout)
