#!/usr/bin/env python3
"""The self-lint is split into parts (one ctest each, test/CMakeLists.txt); this
checks that the parts, together, lint what the whole did: every source of the
compile database under checks/, tool/ and runtime/src/ is in exactly one part,
and no part is empty (a part that lints nothing cannot fail).

    self_lint_parts.py <compile_commands.json> <src> <whole-regex> <part-regex>...
"""
import json
import re
import sys


def main():
    database, src, whole, parts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    files = sorted({e["file"] for e in json.load(open(database))
                    if re.search(src + "/" + whole, e["file"])})
    failures = []
    for f in files:
        matched = [p for p in parts if re.search(src + "/" + p, f)]
        if len(matched) != 1:
            failures.append(f"{f}: in {len(matched)} parts {matched}")
    for p in parts:
        if not any(re.search(src + "/" + p, f) for f in files):
            failures.append(f"part {p} lints no source")
    for line in failures:
        print(line)
    if failures or not files:
        print("the self-lint's parts do not cover the sources exactly once")
        return 1
    print(f"self-lint parts: {len(files)} sources, each in one of {len(parts)} parts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
