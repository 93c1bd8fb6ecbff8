#!/usr/bin/env python3
"""End-to-end tests of the corolint command on multi-file projects.

Each test writes a small project (sources, a compile_commands.json, maybe a
.clang-tidy) into a temporary directory and runs the built command on it.
Environment: COROLINT (the binary), COROLINT_INPUTS (test/checks/fixtures/
Inputs, for coro.h), COROLINT_SARIF_SCHEMA (the SARIF 2.1.0 JSON schema),
COROLINT_RUNTIME_INCLUDE (corio's headers) and COROLINT_CLANGXX (a compiler),
to compile fixed code.
"""
import json
import os
import shutil
import stat
import subprocess
import tempfile
import textwrap
import unittest

COROLINT = os.environ["COROLINT"]
INPUTS = os.environ["COROLINT_INPUTS"]
SARIF_SCHEMA = os.environ.get("COROLINT_SARIF_SCHEMA", "")
RUNTIME_INCLUDE = os.environ.get("COROLINT_RUNTIME_INCLUDE", "")
CLANGXX = os.environ.get("COROLINT_CLANGXX", "clang++")

A_CPP = """\
#include "coro.h"
#include "config.h"
#include <unistd.h>

fx::task<> serve() {
  int c = load_config();
  (void)c;
  co_return;
}

fx::task<> nap() {
  sleep(1);
  co_return;
}
"""

B_CPP = """\
#include "config.h"
#include <cstdio>

static int read_file(const char *path) {
  FILE *f = std::fopen(path, "r");
  char buf[16];
  int n = static_cast<int>(std::fread(buf, 1, sizeof buf, f));
  return n;
}

int load_config() { return read_file("app.conf"); }
"""

CONFIG_H = "int load_config();\n"

C_CPP = """\
#include "coro.h"
#include "local.h"

static void flush_log() { helper_sync(); }

fx::task<> tick() {
  flush_log();
  co_return;
}
"""

LOCAL_H = """\
#include <unistd.h>
inline void helper_sync() { usleep(10); }
"""

CLEAN_CPP = """\
#include "coro.h"
fx::task<> idle() { co_return; }
int plain() { return 1; }
"""


class Project:
    """A temporary project: <root>/src/*.cpp, <root>/build/compile_commands.json."""

    def __init__(self, files, units=None, extra_args=()):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="corolint-test-"))
        self.build = os.path.join(self.root, "build")
        os.makedirs(self.build)
        for name, text in files.items():
            self.write(name, text)
        units = units if units is not None else [n for n in files if n.endswith(".cpp")]
        self.units = units
        self.extra_args = list(extra_args)
        self.write_database()

    def path(self, name):
        return os.path.join(self.root, name)

    def write(self, name, text):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)

    def read(self, name):
        with open(self.path(name)) as f:
            return f.read()

    def write_database(self):
        commands = []
        for name in self.units:
            commands.append({
                "directory": self.build,
                "file": self.path(name),
                "arguments": ["clang++", "-std=c++20", "-I" + INPUTS,
                              "-I" + self.path("src"), *self.extra_args,
                              "-c", self.path(name), "-o", name + ".o"],
            })
        with open(os.path.join(self.build, "compile_commands.json"), "w") as f:
            json.dump(commands, f, indent=1)

    def run(self, *args, cwd=None):
        p = subprocess.run([COROLINT, "-p", self.build, *args], cwd=cwd or self.root,
                           capture_output=True, text=True, timeout=120)
        return p

    def json(self, *args):
        p = self.run("--format=json", *args)
        self.last = p
        return p, json.loads(p.stdout)

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


def standard_project(**more):
    files = {"src/a.cpp": A_CPP, "src/b.cpp": B_CPP, "src/config.h": CONFIG_H,
             "src/c.cpp": C_CPP, "src/local.h": LOCAL_H}
    files.update(more)
    return Project(files)


class ToolTestCase(unittest.TestCase):
    def setUp(self):
        self.projects = []

    def tearDown(self):
        for p in self.projects:
            p.cleanup()

    def project(self, *args, **kwargs):
        p = standard_project() if not args and not kwargs else Project(*args, **kwargs)
        self.projects.append(p)
        return p

    def checks(self, findings):
        return sorted((os.path.basename(f["location"]["file"]), f["location"]["line"], f["check"])
                      for f in findings)


class ExitCodes(ToolTestCase):
    def test_findings_exit_1_and_clean_exit_0(self):
        p = self.project()
        r = p.run("--no-cache")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("warning: blocking call to 'sleep'", r.stdout)
        clean = self.project({"src/clean.cpp": CLEAN_CPP})
        r = clean.run("--no-cache")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(r.stdout, "")

    def test_missing_database_exits_2(self):
        d = tempfile.mkdtemp()
        try:
            r = subprocess.run([COROLINT, "-p", d], capture_output=True, text=True)
            self.assertEqual(r.returncode, 2)
            self.assertIn("compile_commands.json", r.stderr)
            self.assertIn("does not exist", r.stderr)
            with open(os.path.join(d, "compile_commands.json"), "w") as f:
                f.write("{ not json")
            r = subprocess.run([COROLINT, "-p", d], capture_output=True, text=True)
            self.assertEqual(r.returncode, 2)
            self.assertIn("cannot read the compilation database", r.stderr)
        finally:
            shutil.rmtree(d)

    def test_file_not_in_database_exits_2_naming_it(self):
        p = self.project()
        p.write("src/stray.cpp", CLEAN_CPP)
        r = p.run("--no-cache", p.path("src/stray.cpp"), p.path("src/a.cpp"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("stray.cpp' is not in the compilation database", r.stderr)
        # The other file is still analysed and reported.
        self.assertIn("blocking call to 'sleep'", r.stdout)

    def test_file_that_does_not_parse_exits_2_and_others_are_reported(self):
        p = self.project()
        p.write("src/broken.cpp", '#include "coro.h"\nfx::task<> f() { undeclared(); co_return; }\n')
        p.units.append("src/broken.cpp")
        p.write_database()
        r = p.run("--no-cache")
        self.assertEqual(r.returncode, 2)
        self.assertIn("broken.cpp:2:18: error: use of undeclared identifier 'undeclared'", r.stderr)
        self.assertIn("cannot analyse '%s': it does not compile (1 error)" % p.path("src/broken.cpp"),
                      r.stderr)
        self.assertIn("blocking call to 'sleep'", r.stdout)
        self.assertIn("corolint-blocking-transitive", r.stdout)

    def test_usage_error_exits_2_not_1(self):
        r = subprocess.run([COROLINT, "--no-such-option"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        p = self.project()
        self.assertEqual(p.run("--no-cache", "-j2").returncode, 1)
        self.assertEqual(p.run("--no-cache", "--format=xml").returncode, 2)

    def test_version_and_help(self):
        r = subprocess.run([COROLINT, "--version"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"corolint \d+\.\d+\.\d+")
        r = subprocess.run([COROLINT, "--help"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        for option in ("--format", "--fix", "--baseline", "--write-baseline", "--no-cache",
                       "--root", "--checks", "--config-file", "-j"):
            self.assertIn(option, r.stdout)


class Chains(ToolTestCase):
    def test_chain_across_files_and_within_a_file(self):
        p = self.project()
        r, findings = p.json("--no-cache")
        self.assertEqual(r.returncode, 1, r.stderr)
        got = self.checks(findings)
        self.assertIn(("a.cpp", 6, "corolint-blocking-transitive"), got)
        self.assertIn(("a.cpp", 12, "corolint-blocking-sleep"), got)
        self.assertIn(("c.cpp", 7, "corolint-blocking-transitive"), got)
        across = next(f for f in findings if f["location"]["line"] == 6)
        self.assertEqual(across["coroutine"], "'serve'")
        self.assertEqual(across["callee"], "'load_config'")
        steps = [(os.path.basename(n["file"]), n["line"]) for n in across["notes"]]
        # The coroutine, then load_config -> read_file -> fopen, in b.cpp.
        self.assertEqual(steps[0], ("a.cpp", 5))
        self.assertIn(("b.cpp", 11), steps)
        self.assertIn(("b.cpp", 5), steps)
        self.assertIn("'read_file'", across["message"])
        within = next(f for f in findings if f["location"]["file"].endswith("c.cpp"))
        self.assertIn(("local.h", 2), [(os.path.basename(n["file"]), n["line"])
                                       for n in within["notes"]])

    def test_nolint_silences_a_chain_across_files(self):
        p = self.project()
        lines = p.read("src/a.cpp").split("\n")
        lines[5] += "  // NOLINT(corolint-blocking-transitive)"
        p.write("src/a.cpp", "\n".join(lines))
        r, findings = p.json("--no-cache")
        got = self.checks(findings)
        self.assertNotIn(("a.cpp", 6, "corolint-blocking-transitive"), got)
        self.assertIn(("a.cpp", 12, "corolint-blocking-sleep"), got)
        lines[5] = lines[5].replace("transitive", "sleep")  # another check's name: no effect
        p.write("src/a.cpp", "\n".join(lines))
        r, findings = p.json("--no-cache")
        self.assertIn(("a.cpp", 6, "corolint-blocking-transitive"), self.checks(findings))

    def test_only_the_given_files_are_reported(self):
        p = self.project()
        r, findings = p.json("--no-cache", p.path("src/c.cpp"))
        self.assertEqual(r.returncode, 1)
        self.assertEqual({os.path.basename(f["location"]["file"]) for f in findings}, {"c.cpp"})

    def test_progress_only_when_asked_or_on_a_terminal(self):
        p = self.project()
        quiet = p.run("--no-cache")
        self.assertNotIn("[1/3]", quiet.stderr)
        shown = p.run("--no-cache", "--progress", "-j1")
        self.assertIn("[1/3] ", shown.stderr)
        self.assertIn("[3/3] ", shown.stderr)

    def test_parallel_and_serial_agree(self):
        p = self.project()
        _, serial = p.json("--no-cache", "-j", "1")
        _, parallel = p.json("--no-cache", "-j", "2")
        self.assertEqual(serial, parallel)


class Formats(ToolTestCase):
    def test_text_is_clang_style(self):
        p = self.project()
        r = p.run("--no-cache")
        self.assertIn("%s:12:3: warning: blocking call to 'sleep' in coroutine 'nap'"
                      % p.path("src/a.cpp"), r.stdout)
        self.assertIn("[corolint-blocking-sleep]\n  sleep(1);\n  ^\n", r.stdout)
        self.assertIn("%s:11:12: note: coroutine 'nap' starts here" % p.path("src/a.cpp"),
                      r.stdout)

    def test_json_has_every_field(self):
        p = self.project()
        _, findings = p.json("--no-cache")
        f = findings[0]
        for key in ("check", "location", "message", "coroutine", "callee", "notes", "fix",
                    "relativeFile"):
            self.assertIn(key, f)
        for key in ("file", "line", "column", "offset"):
            self.assertIn(key, f["location"])

    def test_output_file(self):
        p = self.project()
        out = p.path("report.json")
        r = p.run("--no-cache", "--format=json", "--output", out)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        with open(out) as f:
            self.assertTrue(json.load(f))

    def sarif(self, p, *args):
        r = p.run("--format=sarif", *args)
        return r, json.loads(r.stdout)

    def test_sarif_is_valid_and_complete(self):
        import jsonschema
        p = self.project()
        p.write(".clang-tidy", "CheckOptions:\n  FixCoroutineTypes: 'fx::task'\n")
        r, log = self.sarif(p, "--no-cache")
        self.assertEqual(r.returncode, 1, r.stderr)
        with open(SARIF_SCHEMA) as f:
            schema = json.load(f)
        jsonschema.Draft4Validator.check_schema(schema)
        jsonschema.Draft4Validator(schema).validate(log)

        self.assertEqual(log["version"], "2.1.0")
        run = log["runs"][0]
        driver = run["tool"]["driver"]
        self.assertEqual(driver["name"], "corolint")
        rules = {rule["id"]: rule for rule in driver["rules"]}
        self.assertIn("corolint-blocking-transitive", rules)
        self.assertTrue(rules["corolint-blocking-sleep"]["helpUri"].endswith(
            "docs/checks/blocking-sleep.md"))
        self.assertEqual(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file://" + p.root + "/")
        results = run["results"]
        sleep = next(x for x in results if x["ruleId"] == "corolint-blocking-sleep")
        loc = sleep["locations"][0]["physicalLocation"]
        self.assertEqual(loc["artifactLocation"], {"uri": "src/a.cpp", "uriBaseId": "%SRCROOT%"})
        self.assertEqual(loc["region"], {"startLine": 12, "startColumn": 3})
        self.assertEqual(sleep["level"], "warning")
        # The fix, as replacements at character offsets in a.cpp.
        change = sleep["fixes"][0]["artifactChanges"][0]
        self.assertEqual(change["artifactLocation"]["uri"], "src/a.cpp")
        source = p.read("src/a.cpp")
        first = change["replacements"][0]
        region = first["deletedRegion"]
        self.assertEqual(source[region["charOffset"]:region["charOffset"] + region["charLength"]],
                         "sleep(1)")
        self.assertIn("corio::sleep_for", first["insertedContent"]["text"])
        # The chain of a transitive finding as a code flow, ending at fopen in b.cpp.
        chain = next(x for x in results if x["ruleId"] == "corolint-blocking-transitive"
                     and "serve" in x["message"]["text"])
        steps = chain["codeFlows"][0]["threadFlows"][0]["locations"]
        self.assertGreaterEqual(len(steps), 3)
        last = steps[-1]["location"]["physicalLocation"]
        self.assertEqual(last["artifactLocation"]["uri"], "src/b.cpp")
        self.assertEqual(last["region"]["startLine"], 5)


class Baseline(ToolTestCase):
    def test_baseline_survives_lines_inserted_above(self):
        p = self.project()
        base = p.path("corolint-baseline.json")
        r = p.run("--no-cache", "--write-baseline", base)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("wrote 3 findings", r.stderr)
        r = p.run("--no-cache", "--baseline", base)
        self.assertEqual((r.returncode, r.stdout), (0, ""))
        # Shift every finding down; add whitespace to the blocking line.
        p.write("src/a.cpp", "// one\n// two\n\n" + A_CPP.replace("  sleep(1);", "    sleep(1);  "))
        p.write("src/c.cpp", "\n\n" + C_CPP)
        r = p.run("--no-cache", "--baseline", base)
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)
        # A second sleep in the same coroutine is new; only it is reported.
        p.write("src/a.cpp", A_CPP.replace("  sleep(1);", "  sleep(1);\n  sleep(1);"))
        r, findings = p.json("--no-cache", "--baseline", base)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(self.checks(findings), [("a.cpp", 13, "corolint-blocking-sleep")])

    def test_unreadable_baseline_exits_2(self):
        p = self.project()
        r = p.run("--no-cache", "--baseline", p.path("nope.json"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read baseline", r.stderr)


class Cache(ToolTestCase):
    def stats(self, r):
        line = [l for l in r.stderr.splitlines() if "translation units" in l]
        self.assertEqual(len(line), 1, r.stderr)
        return line[0]

    def test_second_run_hits_and_header_edit_reruns_only_its_includers(self):
        p = self.project()
        first = p.run("--print-stats")
        self.assertIn("3 translation units: 3 analysed, 0 from the cache", self.stats(first))
        second = p.run("--print-stats")
        self.assertIn("3 translation units: 0 analysed, 3 from the cache", self.stats(second))
        self.assertEqual(first.stdout, second.stdout)
        self.assertEqual(first.returncode, second.returncode)
        # local.h is included by c.cpp alone.
        p.write("src/local.h", LOCAL_H + "// edited\n")
        third = p.run("--print-stats")
        self.assertIn("3 translation units: 1 analysed, 2 from the cache", self.stats(third))
        # config.h by a.cpp and b.cpp.
        p.write("src/config.h", CONFIG_H + "// edited\n")
        fourth = p.run("--print-stats")
        self.assertIn("3 translation units: 2 analysed, 1 from the cache", self.stats(fourth))
        # Options are part of the key.
        p.write(".clang-tidy", "CheckOptions:\n  AllowedFunctions: 'sleep'\n")
        fifth = p.run("--print-stats")
        self.assertIn("3 translation units: 3 analysed, 0 from the cache", self.stats(fifth))
        self.assertIn("3 translation units: 3 analysed", self.stats(p.run("--print-stats",
                                                                           "--no-cache")))

    def test_cached_results_see_new_cross_file_blocking(self):
        # b.cpp stops blocking: a.cpp is served from the cache, but the chain
        # is recomputed from the summaries, so the transitive finding goes.
        p = self.project()
        _, before = p.json()
        self.assertIn(("a.cpp", 6, "corolint-blocking-transitive"), self.checks(before))
        p.write("src/b.cpp", "#include \"config.h\"\nint load_config() { return 1; }\n")
        _, after = p.json("--print-stats")
        self.assertIn("1 analysed, 2 from the cache", p.last.stderr)
        self.assertNotIn(("a.cpp", 6, "corolint-blocking-transitive"), self.checks(after))


class Fix(ToolTestCase):
    def test_fix_rewrites_and_keeps_the_mode(self):
        p = self.project()
        p.write(".clang-tidy", "CheckOptions:\n  FixCoroutineTypes: 'fx::task'\n")
        os.chmod(p.path("src/a.cpp"), 0o640)
        r = p.run("--no-cache", "--fix")
        self.assertIn("fixed 1 finding in 1 file", r.stderr)
        text = p.read("src/a.cpp")
        self.assertIn("co_await corio::sleep_for(std::chrono::seconds(1));", text)
        self.assertIn("#include <corio/sleep.hpp>", text)
        self.assertEqual(stat.S_IMODE(os.stat(p.path("src/a.cpp")).st_mode), 0o640)
        # No temporary file is left behind.
        self.assertEqual(sorted(os.listdir(p.path("src"))),
                         ["a.cpp", "b.cpp", "c.cpp", "config.h", "local.h"])
        # The remaining findings have no fix: still reported, exit 1.
        self.assertEqual(r.returncode, 1)
        self.assertNotIn("blocking call to 'sleep'", r.stdout)

    RELAY_CPP = """\
#include <corio/task.hpp>
#include <sys/socket.h>
#include <unistd.h>

corio::task<long> relay(int in, int out) {
  char b[512];
  long n = send(out, b, recv(in, b, sizeof b, 0), 0);
  sleep(1);
  co_return n;
}

corio::task<void> nap() {
  sleep(2); // NOLINT
  sleep(3);
  co_return;
}
"""

    def test_nested_calls_and_the_rest_of_the_file_are_fixed_in_one_pass(self):
        # Nested calls once gave two overlapping fixes, and the file, with its
        # unrelated sleep fix, was refused on every run. The first sleep's fix
        # is suppressed: the second still adds the #include it needs.
        if not RUNTIME_INCLUDE:
            self.skipTest("COROLINT_RUNTIME_INCLUDE is not set")
        p = self.project({"src/relay.cpp": self.RELAY_CPP}, extra_args=["-I" + RUNTIME_INCLUDE])
        r = p.run("--no-cache", "--fix")
        self.assertNotIn("overlap", r.stderr)
        self.assertIn("fixed 4 findings in 1 file", r.stderr)
        text = p.read("src/relay.cpp")
        self.assertIn("long n = co_await corio::send(out, b, co_await corio::recv(in, b, sizeof b, 0), 0);",
                      text)
        self.assertIn("co_await corio::sleep_for(std::chrono::seconds(1));", text)
        self.assertIn("co_await corio::sleep_for(std::chrono::seconds(3));", text)
        self.assertIn("sleep(2); // NOLINT", text)
        self.assertEqual(text.count("#include <corio/sleep.hpp>"), 1, text)
        self.assertEqual(text.count("#include <corio/net.hpp>"), 1, text)
        self.assertEqual(r.returncode, 0, r.stdout)
        c = subprocess.run([CLANGXX, "-std=c++20", "-fsyntax-only", "-I" + RUNTIME_INCLUDE,
                            p.path("src/relay.cpp")], capture_output=True, text=True)
        self.assertEqual(c.returncode, 0, c.stderr + "\n--- fixed file:\n" + text)
        # Nothing is left to fix.
        r = p.run("--no-cache", "--fix")
        self.assertIn("fixed 0 findings", r.stderr)
        self.assertEqual(p.read("src/relay.cpp"), text)

    def test_fix_never_writes_outside_the_root(self):
        outside = tempfile.mkdtemp(prefix="corolint-outside-")
        try:
            with open(os.path.join(outside, "nap.h"), "w") as f:
                f.write('#include "coro.h"\n#include <unistd.h>\n'
                        'inline fx::task<> outside_nap() {\n  sleep(1);\n  co_return;\n}\n')
            p = self.project({"src/main.cpp": '#include "nap.h"\nint main() {}\n'},
                             extra_args=["-I" + outside])
            p.write(".clang-tidy", "CheckOptions:\n  FixCoroutineTypes: 'fx::task'\n")
            def nap():
                with open(os.path.join(outside, "nap.h")) as f:
                    return f.read()
            before = nap()
            r = p.run("--no-cache", "--fix", "--config-file", p.path(".clang-tidy"))
            self.assertEqual(nap(), before)
            self.assertIn("nap.h: not changed: it is outside the project root", r.stderr)
            self.assertEqual(r.returncode, 1)
            self.assertIn("blocking call to 'sleep'", r.stdout)
            # With the root widened to include it, the fix applies.
            r = p.run("--no-cache", "--fix", "--root", "/", "--config-file", p.path(".clang-tidy"))
            self.assertIn("corio::sleep_for", nap(), r.stderr)
        finally:
            shutil.rmtree(outside)


class Config(ToolTestCase):
    def test_allowed_functions_in_clang_tidy_suppresses(self):
        p = self.project()
        p.write(".clang-tidy", "CheckOptions:\n  AllowedFunctions: 'sleep;load_config'\n")
        _, findings = p.json("--no-cache")
        got = self.checks(findings)
        self.assertNotIn(("a.cpp", 12, "corolint-blocking-sleep"), got)
        self.assertNotIn(("a.cpp", 6, "corolint-blocking-transitive"), got)
        self.assertIn(("c.cpp", 7, "corolint-blocking-transitive"), got)

    def test_per_check_option_and_checks_globs(self):
        p = self.project()
        p.write(".clang-tidy", "Checks: '-*,corolint-blocking-sleep'\n")
        _, findings = p.json("--no-cache")
        self.assertEqual(self.checks(findings), [("a.cpp", 12, "corolint-blocking-sleep")])
        # --checks is appended, like clang-tidy's.
        _, findings = p.json("--no-cache", "--checks=-corolint-blocking-sleep,"
                             "corolint-blocking-transitive")
        self.assertEqual({f["check"] for f in findings}, {"corolint-blocking-transitive"})
        # An option under the check's own name.
        p.write(".clang-tidy", "Checks: '-*,corolint-*'\nCheckOptions:\n"
                "  corolint-blocking-sleep.AllowedFunctions: 'sleep'\n")
        _, findings = p.json("--no-cache")
        self.assertNotIn("corolint-blocking-sleep", {f["check"] for f in findings})

    def test_nearest_clang_tidy_per_directory(self):
        p = self.project()
        p.write("src/.clang-tidy", "Checks: '-*,corolint-blocking-transitive'\n")
        p.write(".clang-tidy", "Checks: '-*'\n")
        _, findings = p.json("--no-cache")
        self.assertEqual({f["check"] for f in findings}, {"corolint-blocking-transitive"})

    def test_agrees_with_the_clang_tidy_module(self):
        module = os.environ.get("COROLINT_TIDY")
        if not module or not os.path.exists(module):
            self.skipTest("the clang-tidy wrapper (COROLINT_TIDY) is not built")
        p = self.project()
        p.write("src/d.cpp", '#include "coro.h"\n#include <unistd.h>\n'
                'fx::task<> d() {\n  usleep(1);\n  sleep(1);\n'
                '  sleep(2); // NOLINT(corolint-blocking-sleep)\n'
                '  // NOLINTNEXTLINE\n  sleep(3);\n  co_return;\n}\n')
        p.units.append("src/d.cpp")
        p.write_database()
        p.write(".clang-tidy", "Checks: '-*,corolint-*'\n"
                "CheckOptions:\n  corolint-blocking-sleep.AllowedFunctions: 'usleep'\n")
        _, findings = p.json("--no-cache")
        ours = {(os.path.basename(f["location"]["file"]), f["location"]["line"],
                 f["location"]["column"], f["check"]) for f in findings}
        tidy = subprocess.run([module, "-p", p.build, "--quiet"] +
                              [p.path(u) for u in p.units],
                              capture_output=True, text=True, cwd=p.root)
        theirs = set()
        for line in tidy.stdout.splitlines():
            if ": warning: " in line and "[corolint-" in line:
                loc = line.split(": warning: ")[0].rsplit(":", 2)
                theirs.add((os.path.basename(loc[0]), int(loc[1]), int(loc[2]),
                            line.rsplit("[", 1)[1].rstrip("]")))
        self.assertIn(("d.cpp", 5, 3, "corolint-blocking-sleep"), theirs)
        self.assertNotIn(("d.cpp", 4, 3, "corolint-blocking-sleep"), theirs)
        self.assertNotIn(("d.cpp", 6, 3, "corolint-blocking-sleep"), theirs)  # NOLINT
        self.assertNotIn(("d.cpp", 8, 3, "corolint-blocking-sleep"), theirs)  # NOLINTNEXTLINE
        # The same findings, plus the chain the module cannot see from one
        # file: serve() in a.cpp -> load_config() in b.cpp.
        self.assertEqual(theirs - ours, set(), tidy.stdout + tidy.stderr)
        self.assertEqual(ours - theirs, {("a.cpp", 6, 11, "corolint-blocking-transitive")},
                         tidy.stdout + tidy.stderr)


REL_MAIN_CPP = """\
#include "coro.h"
#include "nap.h"
#include "helper.h"
#include <unistd.h>

fx::task<> nap() {
  sleep(1);
  co_return;
}

fx::task<> tick() {
  flush();
  co_return;
}
"""

REL_NAP_H = """\
#pragma once
#include "coro.h"
#include <unistd.h>
inline fx::task<> header_nap() {
  sleep(2);
  co_return;
}
"""

REL_HELPER_H = """\
#pragma once
#include <unistd.h>
inline void flush() { usleep(10); }
"""


class RelativePaths(ToolTestCase):
    """A database with a relative "file" and a relative -I, run from elsewhere.

    Findings, notes, fix edits and the cache's dependencies are the files
    under the entry's "directory", never names resolved against corolint's
    own working directory (which has files of the same names, as decoys).
    """

    def relative_project(self):
        p = self.project({"src/main.cpp": REL_MAIN_CPP, "src/inc/nap.h": REL_NAP_H,
                          "src/inc/helper.h": REL_HELPER_H}, units=[])
        with open(os.path.join(p.build, "compile_commands.json"), "w") as f:
            json.dump([{"directory": p.path("src"), "file": "main.cpp",
                        "arguments": ["clang++", "-std=c++20", "-I" + INPUTS, "-Iinc",
                                      "-c", "main.cpp", "-o", "main.o"]}], f)
        p.write(".clang-tidy", "CheckOptions:\n  FixCoroutineTypes: 'fx::task'\n")
        # Decoys in the project root, where corolint runs: a wrong resolution
        # would report them and --fix would write into them.
        p.write("main.cpp", REL_MAIN_CPP)
        p.write("inc/nap.h", REL_NAP_H)
        p.write("inc/helper.h", REL_HELPER_H)
        return p

    def test_locations_are_under_the_entry_directory(self):
        p = self.relative_project()
        elsewhere = tempfile.mkdtemp(prefix="corolint-cwd-")
        try:
            r = p.run("--no-cache", "--format=json", cwd=elsewhere)
        finally:
            shutil.rmtree(elsewhere)
        self.assertEqual(r.returncode, 1, r.stderr)
        findings = json.loads(r.stdout)
        got = sorted((f["location"]["file"], f["location"]["line"], f["check"]) for f in findings)
        self.assertEqual(got, [(p.path("src/inc/nap.h"), 5, "corolint-blocking-sleep"),
                               (p.path("src/main.cpp"), 7, "corolint-blocking-sleep"),
                               (p.path("src/main.cpp"), 12, "corolint-blocking-transitive")])
        chain = next(f for f in findings if f["check"] == "corolint-blocking-transitive")
        self.assertIn((p.path("src/inc/helper.h"), 3), [(n["file"], n["line"]) for n in chain["notes"]])
        for f in findings:
            files = [f["location"]["file"]] + [n["file"] for n in f["notes"]]
            files += [e["file"] for e in f["fix"]]
            for name in files:
                self.assertTrue(name.startswith(p.path("src") + os.sep), (name, f))
        self.assertTrue(any(e["file"] == p.path("src/inc/nap.h")
                            for f in findings for e in f["fix"]), findings)

    def test_fix_edits_the_files_the_entry_names(self):
        p = self.relative_project()
        r = p.run("--no-cache", "--fix", cwd=p.root)
        self.assertIn("fixed 2 findings in 2 files", r.stderr)
        self.assertIn("co_await corio::sleep_for(std::chrono::seconds(1));", p.read("src/main.cpp"))
        self.assertIn("co_await corio::sleep_for(std::chrono::seconds(2));", p.read("src/inc/nap.h"))
        self.assertEqual(p.read("main.cpp"), REL_MAIN_CPP)
        self.assertEqual(p.read("inc/nap.h"), REL_NAP_H)

    def test_cache_hits_from_any_directory_and_sees_header_edits(self):
        p = self.relative_project()
        first = p.run("--print-stats", cwd=p.root)
        second = p.run("--print-stats", cwd=p.build)
        self.assertIn("1 translation units: 0 analysed, 1 from the cache", second.stderr)
        self.assertEqual(first.stdout, second.stdout)
        self.assertIn(p.path("src/inc/nap.h") + ":5:3: warning", second.stdout)
        p.write("src/inc/helper.h", REL_HELPER_H + "// edited\n")
        third = p.run("--print-stats", cwd=p.root)
        self.assertIn("1 translation units: 1 analysed, 0 from the cache", third.stderr)

    def test_the_clang_tidy_module_agrees_from_elsewhere(self):
        module = os.environ.get("COROLINT_TIDY")
        if not module or not os.path.exists(module):
            self.skipTest("the clang-tidy wrapper (COROLINT_TIDY) is not built")
        p = self.relative_project()
        _, findings = p.json("--no-cache")
        ours = {(f["location"]["file"], f["location"]["line"], f["check"]) for f in findings}
        # clang-tidy prints clang's names, relative to the entry's directory;
        # the chain's last step (in helper.h) must still find its file.
        tidy = subprocess.run([module, "-p", p.build, "--quiet", "--checks=-*,corolint-*",
                               "--header-filter=.*",
                               p.path("src/main.cpp")], capture_output=True, text=True,
                              cwd=p.build)
        theirs, notes = set(), set()
        for line in tidy.stdout.splitlines():
            for kind, into in ((": warning: ", theirs), (": note: ", notes)):
                if kind in line:
                    loc = line.split(kind)[0].rsplit(":", 2)
                    name = os.path.join(p.path("src"), loc[0])
                    into.add((os.path.normpath(name), int(loc[1]),
                              line.rsplit("[", 1)[1].rstrip("]") if into is theirs else ""))
        self.assertEqual(theirs, ours, tidy.stdout + tidy.stderr)
        self.assertIn((p.path("src/inc/helper.h"), 3, ""), notes, tidy.stdout)


if __name__ == "__main__":
    unittest.main()
