#!/usr/bin/env python3
"""corolint on real coroutine code from Debian's packages.

The C++20 coroutine examples of standalone Asio (libasio-doc) and of
Boost.Asio and Boost.Beast (libboost1.81-doc), with the libraries' own
headers (libasio-dev, libboost1.81-dev) analysed as user code, not as system
headers (--no-system-header-prefix): their awaitable machinery, co_spawn,
channels and experimental coroutines are coroutines too.

Each example is linted by clang-tidy-19 with the module and, all together,
by the corolint command. Neither may crash or fail to parse, and both must
report exactly the findings in expected-findings.txt: every finding is
either a true positive listed there (with why), or a false positive fixed in
the engine (with a fixture in test/checks/fixtures).

    COROLINT_TIDY=<build>/bin/corolint-tidy COROLINT=<build>/bin/corolint \\
        python3 realcode_test.py [--update]

--update rewrites expected-findings.txt from the module's findings (keeping
the reasons of lines that stay), for review.
"""
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(HERE, "expected-findings.txt")

# package -> the directory its paths are relative to
ROOTS = {
    "libasio-doc": "/usr/share/doc/libasio-dev/examples",
    "libboost1.81-doc": "/usr/share/doc/libboost1.81-doc/examples",
    "libasio-dev": "/usr/include",
    "libboost1.81-dev": "/usr/include",
}
ASIO_ARGS = ["-DASIO_HAS_CO_AWAIT", "-DASIO_HAS_STD_COROUTINE",
             "--no-system-header-prefix=asio/", "--no-system-header-prefix=asio.hpp"]
BOOST_ARGS = ["-DBOOST_ASIO_HAS_CO_AWAIT", "-DBOOST_ASIO_HAS_STD_COROUTINE",
              "--no-system-header-prefix=boost/asio/",
              "--no-system-header-prefix=boost/asio.hpp",
              "--no-system-header-prefix=boost/beast/",
              "--no-system-header-prefix=boost/beast.hpp"]
FINDING = re.compile(r"^(/[^:\n]+):(\d+):(\d+): warning: .*\[(corolint-[a-z-]+)\]$", re.M)
ERROR = re.compile(r"^[^:\n]+:\d+:\d+: (?:fatal )?error: .*$", re.M)


def sources():
    """(file, compiler args) for every example that uses co_await."""
    result = []
    for package, args in (("libasio-doc", ASIO_ARGS), ("libboost1.81-doc", BOOST_ARGS)):
        root = ROOTS[package]
        for path in sorted(glob.glob(os.path.join(root, "**", "*.cpp"), recursive=True)):
            with open(path, errors="replace") as f:
                if "co_await" not in f.read():
                    continue
            extra = []
            if "/libs/beast/example/" in path:  # "example/common/..." headers
                extra = ["-I" + os.path.join(root, "libs", "beast")]
            if path.endswith("advanced_server_flex_awaitable.cpp"):
                # Uses std::list without including <list> (libstdc++ 12 does
                # not bring it in through the headers it includes).
                extra += ["-include", "list"]
            result.append((path, ["-std=c++20"] + args + extra))
    return result


def package_path(path):
    """'libasio-dev:asio/impl/co_spawn.hpp' for a file of a package."""
    for package in ("libasio-doc", "libboost1.81-doc"):
        root = ROOTS[package]
        if path.startswith(root + "/"):
            return package + ":" + os.path.relpath(path, root)
    rel = os.path.relpath(path, "/usr/include")
    if rel.startswith("boost/"):
        return "libboost1.81-dev:" + rel
    if rel.startswith("asio"):
        return "libasio-dev:" + rel
    return path


def findings(text):
    """{'package:path:line:check'} in clang-style output."""
    return {f"{package_path(os.path.normpath(m.group(1)))}:{m.group(2)}:{m.group(4)}"
            for m in FINDING.finditer(text)}


def read_expected():
    """{'package:path:line:check': reason}; '#' starts a comment, the reason
    follows the entry after whitespace."""
    expected = {}
    with open(EXPECTED) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, _, reason = line.partition(" ")
            expected[key] = reason.strip()
    return expected


def run_tidy(tidy, path, args):
    cmd = [tidy, "--quiet", "--config={}", "--checks=-*,corolint-*",
           "--header-filter=.*", path, "--"] + args
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace", timeout=900)
    return proc.returncode, proc.stdout


class RealCode(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.sources = sources()
        cls.expected = read_expected() if os.path.exists(EXPECTED) else {}

    def test_sources_are_installed(self):
        # libasio-doc: 7 examples with co_await; libboost1.81-doc: 23.
        self.assertGreaterEqual(len(self.sources), 25,
                                "install libasio-doc libboost1.81-doc libboost1.81-dev")

    def test_control_a_planted_blocking_call_is_found(self):
        # The set-up finds what it should: one example with a sleep() added
        # to a coroutine, linted with the same arguments, reports exactly it.
        tidy = os.environ["COROLINT_TIDY"]
        path, args = next((p, a) for p, a in self.sources
                          if p.endswith("cpp20/coroutines/echo_server.cpp"))
        with open(path) as f:
            text = f.read()
        anchor = "  try\n  {\n"
        self.assertIn(anchor, text)
        line = text[:text.index(anchor)].count("\n") + 3
        with tempfile.TemporaryDirectory() as d:
            copy = os.path.join(d, "echo_server.cpp")
            with open(copy, "w") as f:
                f.write("#include <unistd.h>\n" +
                        text.replace(anchor, anchor + "    sleep(1);\n", 1))
            status, out = run_tidy(tidy, copy, args)
        self.assertIn(status, (0, 1), out[-3000:])
        self.assertEqual(sorted(findings(out)),
                         [f"{copy}:{line + 1}:corolint-blocking-sleep"], out[-3000:])

    def check(self, found, tool):
        expected = set(self.expected)
        self.assertEqual(sorted(found - expected), [],
                         f"{tool}: findings not in expected-findings.txt")
        self.assertEqual(sorted(expected - found), [],
                         f"{tool}: expected findings {tool} no longer reports")

    def test_clang_tidy_module(self):
        tidy = os.environ["COROLINT_TIDY"]
        found, failures = set(), []
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            runs = {pool.submit(run_tidy, tidy, path, args): path
                    for path, args in self.sources}
            for run in concurrent.futures.as_completed(runs):
                status, out = run.result()
                errors = ERROR.findall(out)
                # 1 with findings (warnings are not errors here); a crash or
                # a compile error is a failure.
                if status not in (0, 1) or errors:
                    failures.append(f"{runs[run]}: exit {status}\n" + "\n".join(errors[:5])
                                    + "\n" + out[-2000:])
                found |= findings(out)
        self.assertEqual(failures, [])
        if os.environ.get("COROLINT_REALCODE_UPDATE"):
            write_expected(found, self.expected)
        self.check(found, "clang-tidy")

    def test_corolint_command(self):
        tool = os.environ.get("COROLINT")
        if not tool or not os.path.exists(tool):
            self.skipTest("the corolint command is not built")
        with tempfile.TemporaryDirectory() as d:
            db = [{"directory": d, "file": path,
                   "arguments": ["clang++-19"] + args + ["-c", path]}
                  for path, args in self.sources]
            with open(os.path.join(d, "compile_commands.json"), "w") as f:
                json.dump(db, f)
            proc = subprocess.run([tool, "-p", d, "--no-cache", "-j", "2",
                                   "--checks=-*,corolint-*"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, errors="replace", timeout=1800)
        self.assertIn(proc.returncode, (0, 1), proc.stderr[-3000:])
        self.assertEqual(proc.stderr.strip(), "", "corolint reported problems")
        self.check(findings(proc.stdout), "corolint")


def write_expected(found, old):
    header = []
    if os.path.exists(EXPECTED):
        with open(EXPECTED) as f:
            header = [line.rstrip("\n") for line in f if line.startswith("#")]
    with open(EXPECTED, "w") as f:
        for line in header:
            f.write(line + "\n")
        for key in sorted(found):
            f.write(f"{key} {old.get(key, 'TODO: why this is a true positive')}".rstrip() + "\n")


if __name__ == "__main__":
    if "--update" in sys.argv:
        sys.argv.remove("--update")
        os.environ["COROLINT_REALCODE_UPDATE"] = "1"
    unittest.main()
