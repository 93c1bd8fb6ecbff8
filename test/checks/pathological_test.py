#!/usr/bin/env python3
"""Pathological inputs at reduced sizes: a call chain 1,000 functions deep,
lambdas called in place 50 deep, and a macro expanding to 256 blocking
calls, each linted by clang-tidy-19 with the module and by the corolint
command, which must finish and report exactly the expected findings.
(The full sizes, timed, are in bench/checks/pathological.py, whose
generators this test uses. No timing here.)

    COROLINT_TIDY=<build>/bin/corolint-tidy COROLINT=<build>/bin/corolint \
        python3 pathological_test.py
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench", "checks"))
import pathological  # noqa: E402

CASES = {
    "chain": lambda: pathological.call_chain(1000),
    "lambdas": lambda: pathological.nested_lambdas(50),
    "macro": lambda: pathological.macro_calls(4),
}


class Pathological(unittest.TestCase):
    def lint(self, name, command):
        text = CASES[name]()
        expected = pathological.expected_findings(text)
        self.assertTrue(expected)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "input.cpp")
            with open(path, "w") as f:
                f.write(text)
            with open(os.path.join(d, "compile_commands.json"), "w") as f:
                json.dump([{"directory": d, "file": path,
                            "arguments": ["clang++-19", "-std=c++20", "-c", path]}], f)
            proc = subprocess.run(command(d, path), stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, timeout=600)
            self.assertIn(proc.returncode, (0, 1), proc.stdout[-3000:])
            self.assertEqual(pathological.parse_findings(proc.stdout, path), expected,
                             proc.stdout[-3000:])

    def tidy(self, d, path):
        return [os.environ["COROLINT_TIDY"], "--quiet", "--config={}",
                "--checks=-*,corolint-*", path, "--", "-std=c++20"]

    def corolint(self, d, path):
        tool = os.environ.get("COROLINT")
        if not tool or not os.path.exists(tool):
            self.skipTest("the corolint command is not built")
        return [tool, "-p", d, "--no-cache", "-j", "1", path]


for _name in CASES:
    for _tool in ("tidy", "corolint"):
        setattr(Pathological, f"test_{_name}_{_tool}",
                lambda self, n=_name, t=_tool: self.lint(n, getattr(self, t)))

if __name__ == "__main__":
    unittest.main()
