#!/usr/bin/env python3
"""Every code block in README.md and docs/ is compiled or run, so the docs
cannot drift from the tool.

    docs_test.py --source-dir S --build-dir B [--clangxx clang++-19] [--clang-tidy clang-tidy-19]

What each kind of fenced block must do:

  cpp   compiles (clang++ -fsyntax-only, C++20, corio's headers, with
        prelude.hpp giving the system headers the examples use). A line with a
        `// warning: <text>` comment must get a corolint finding on that line
        whose message starts with <text> ("..." in it stands for any text); any
        other line must get none.
  sh    each command line runs, in a scratch user project (src/server.cpp,
        src/client.cpp, a CMakeLists.txt) whose build/ also holds the module
        and the command as the README lays them out. Exit status 0, or 1 for
        a corolint run (it found something); anything else fails.
  yaml  a `.clang-tidy` snippet (has CheckOptions) must name only options
        that corolint's checks have (from --dump-config); a workflow snippet
        must parse and its corolint commands run like sh lines.
  text  printed output: with a directive naming the files it comes from (see
        below), every line must be in what the module prints for them.
  json  parses (an editor's settings: // comments allowed).
  toml  parses.
  lua   runs in headless Neovim (`nvim -u NONE`): an init.lua snippet must load.

A comment right before a block tunes it:
  <!-- docs-test: skip: why -->          the block is not run (the reason is printed)
  <!-- docs-test: skip-lines: TEXT (why) -->  sh lines containing TEXT are not run
  <!-- docs-test: config: YAML -->        the cpp block is linted with this configuration
                                         (clang-tidy --config) on top of the checks
  <!-- docs-test: file NAME -->          the cpp block is also written to NAME in
                                         the scratch project (for a later text block)
  <!-- docs-test: output-of: NAME... --> the text block is the module's output for
                                         those scratch files (paths as the docs show them)
Any other kind of block fails the test, so a new one comes with its check.

Besides the blocks: every check of checks/engine/Checks.def (the one list of
checks) has its page in docs/checks/, and every page there is a check's.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FENCE = re.compile(r"^(\s*)```(\w*)\s*$")
DIRECTIVE = re.compile(r"^<!--\s*docs-test:\s*(.*?)\s*-->\s*$")
WARNING_COMMENT = re.compile(r"//\s*warning\b:?\s*(.*?)\s*(?:\.\.\.)?\s*$")
FINDING = re.compile(r"^(.*?):(\d+):(\d+): warning: (.*) \[(corolint-[a-z-]+)\]$", re.M)

SERVER = """\
#include <corio/corio.hpp>
#include <unistd.h>

corio::task<void> serve() {
  sleep(1); // a finding for the docs' commands to report
  co_return;
}
"""
CLIENT = """\
#include <corio/corio.hpp>

corio::task<int> fetch() {
  co_await corio::sleep_for(std::chrono::milliseconds(1));
  co_return 1;
}
"""
CMAKELISTS = """\
cmake_minimum_required(VERSION 3.20)
project(docs_sandbox CXX)
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
add_library(app OBJECT src/server.cpp src/client.cpp)
target_include_directories(app PRIVATE %(include)s)
"""


class Block:
    def __init__(self, path, line, lang, text, directives):
        self.path, self.line, self.lang, self.text = path, line, lang, text
        self.directives = directives

    def where(self):
        return f"{self.path}:{self.line}"

    def directive(self, name):
        """The values of the directives called name ("name: value" or "name value")."""
        found = []
        for d in self.directives:
            m = re.match(r"([\w-]+)\s*:?\s*(.*)$", d)
            if m and m.group(1) == name:
                found.append(m.group(2))
        return found


def blocks_of(path, rel):
    lines = open(path, encoding="utf-8").read().split("\n")
    out, i, pending = [], 0, []
    while i < len(lines):
        d = DIRECTIVE.match(lines[i])
        if d:
            pending.append(d.group(1))
            i += 1
            continue
        m = FENCE.match(lines[i])
        if not m:
            if lines[i].strip():
                pending = []
            i += 1
            continue
        # A block may be indented (inside a list item): its lines lose that indent.
        indent, lang, body = m.group(1), m.group(2), []
        start = i + 1
        i += 1
        while i < len(lines) and not lines[i].strip().startswith("```"):
            line = lines[i]
            body.append(line[len(indent):] if line.startswith(indent) else line.lstrip())
            i += 1
        i += 1
        out.append(Block(rel, start, lang, "\n".join(body) + "\n", pending))
        pending = []
    return out


class Context:
    def __init__(self, args):
        self.args = args
        self.src = os.path.abspath(args.source_dir)
        self.build = os.path.abspath(args.build_dir)
        # The module's file names its major: libcorolint-tidy-19.so.
        modules = glob.glob(os.path.join(self.build, "checks", "libcorolint-tidy-[0-9]*.so"))
        self.module = modules[0] if modules else os.path.join(self.build, "checks", "libcorolint-tidy-19.so")
        self.corolint_bin = os.path.join(self.build, "bin")
        self.tmp = tempfile.mkdtemp(prefix="corolint-docs-")
        self.sandbox = os.path.join(self.tmp, "project")
        self.failures = []
        self.ran = self.skipped = 0
        self.option_names = None
        self.make_sandbox()

    def fail(self, block, message):
        self.failures.append(f"{block.where()}: {message}")

    def make_sandbox(self):
        os.makedirs(os.path.join(self.sandbox, "src"))
        open(os.path.join(self.sandbox, "src", "server.cpp"), "w").write(SERVER)
        open(os.path.join(self.sandbox, "src", "client.cpp"), "w").write(CLIENT)
        open(os.path.join(self.sandbox, "CMakeLists.txt"), "w").write(
            CMAKELISTS % {"include": os.path.join(self.src, "runtime", "include")})
        # The layout the README describes: build/checks/ holds the module, build/bin/ the
        # command and the clang-tidy wrapper.
        for rel in (os.path.relpath(self.module, self.build), "bin/corolint", "bin/corolint-tidy"):
            target = os.path.join(self.build, rel)
            if os.path.exists(target):
                link = os.path.join(self.sandbox, "build", rel)
                os.makedirs(os.path.dirname(link), exist_ok=True)
                os.symlink(target, link)
        subprocess.run(["cmake", "-S", self.sandbox, "-B", os.path.join(self.sandbox, "build"),
                        "-DCMAKE_CXX_COMPILER=" + self.args.clangxx],
                       stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, check=True)

    def env(self):
        env = dict(os.environ)
        env["PATH"] = self.corolint_bin + os.pathsep + env.get("PATH", "")
        return env

    def run_line(self, block, line):
        proc = subprocess.run(["bash", "-c", line], cwd=self.sandbox, env=self.env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, timeout=900)
        out = proc.stdout.decode(errors="replace")
        # corolint exits 1 when it found something: the docs' examples are meant to.
        ok = proc.returncode == 0 or (proc.returncode == 1 and
                                      re.match(r"^(\S*/)?corolint\b", line) is not None)
        if not ok:
            self.fail(block, f"`{line}` exited {proc.returncode}:\n{out[-3000:]}")
        return out

    # --- cpp -------------------------------------------------------------
    def check_cpp(self, block):
        for name in block.directive("file"):
            path = os.path.join(self.sandbox, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "w").write(block.text)
        path = os.path.join(self.tmp, f"block_{block.line}.cpp")
        open(path, "w").write(block.text)
        flags = ["-std=c++20", "-I" + os.path.join(self.src, "runtime", "include"),
                 "-I" + self.sandbox, "-include", os.path.join(HERE, "prelude.hpp"),
                 "-Wno-unused-variable", "-Wno-unused-result"]
        cc = subprocess.run([self.args.clangxx, "-fsyntax-only"] + flags + [path],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if cc.returncode != 0:
            self.fail(block, "does not compile:\n" + cc.stdout.decode(errors="replace")[-3000:])
            return
        expected = {}
        for n, text in enumerate(block.text.split("\n"), start=1):
            m = WARNING_COMMENT.search(text)
            if m:
                expected[n] = m.group(1)
        config = block.directive("config")
        tidy = subprocess.run([self.args.clang_tidy, "--load=" + self.module, "--quiet",
                               "--checks=-*,corolint-*"] +
                              [f"--config={c}" for c in config] + [path, "--"] + flags,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        got = {}
        for m in FINDING.finditer(tidy.stdout.decode(errors="replace")):
            if os.path.abspath(m.group(1)) == path:
                got.setdefault(int(m.group(2)), []).append(m.group(4))
        for n, text in expected.items():
            # "..." in the comment stands for any text.
            pattern = ".*".join(re.escape(part.strip()) for part in text.split("..."))
            if not any(re.match(pattern, msg) for msg in got.get(n, [])):
                self.fail(block, f"line {block.line + n - 1} says 'warning: {text}' but corolint "
                                 f"reports {got.get(n) or 'nothing'} there")
        for n, msgs in got.items():
            if n not in expected:
                self.fail(block, f"line {block.line + n - 1}: corolint reports {msgs} where the "
                                 f"docs show no warning")

    # --- sh --------------------------------------------------------------
    def check_sh(self, block):
        # "TEXT (why)": the reason in parentheses is for the reader.
        skip = [re.sub(r"\s*\(.*\)\s*$", "", d) for d in block.directive("skip-lines")]
        for raw in block.text.split("\n"):
            line = raw.split(" #")[0].strip() if not raw.lstrip().startswith("#") else ""
            if not line:
                continue
            if any(s and s in line for s in skip):
                print(f"  {block.where()}: not run (skip-lines): {line}")
                continue
            self.run_line(block, line)

    # --- yaml ------------------------------------------------------------
    def known_options(self):
        if self.option_names is None:
            dump = subprocess.run([self.args.clang_tidy, "--load=" + self.module,
                                   "--checks=-*,corolint-*", "--dump-config"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  cwd=self.tmp)
            self.option_names = set(re.findall(r"^\s+(corolint-[a-z-]+\.\w+):",
                                               dump.stdout.decode(), re.M))
        return self.option_names

    def check_yaml(self, block):
        if "CheckOptions" in block.text:
            known = self.known_options()
            if not known:
                self.fail(block, "clang-tidy --dump-config listed no corolint option")
                return
            local = {k.split(".", 1)[1] for k in known}
            for key in re.findall(r"^\s+([\w.-]+):", block.text, re.M):
                if "." in key and key not in known:
                    self.fail(block, f"option '{key}' is not an option of the corolint checks")
                elif "." not in key and key not in local:
                    self.fail(block, f"global option '{key}' is not an option of any corolint check")
            # And clang-tidy must accept the file as a configuration.
            cfg = os.path.join(self.tmp, f"config_{block.line}.yaml")
            open(cfg, "w").write(block.text)
            ok = subprocess.run([self.args.clang_tidy, "--load=" + self.module,
                                 "--config-file=" + cfg, "--dump-config"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=self.tmp)
            if ok.returncode != 0:
                self.fail(block, "clang-tidy rejects it:\n" + ok.stdout.decode(errors="replace"))
            return
        # A CI workflow (or a part of one): its corolint and cmake commands run.
        runs = re.findall(r"run:\s*(?:\|\s*\n((?:\s{4,}.*\n)+)|(.*))", block.text)
        if not runs and "uses:" not in block.text:
            self.fail(block, "a yaml block that is neither a .clang-tidy nor a workflow")
        for multi, single in runs:
            for line in (multi or single).split("\n"):
                line = line.split(" #")[0].strip()
                if line.startswith(("corolint", "build/bin/corolint", "cmake")):
                    self.run_line(block, line)

    # --- editor configurations --------------------------------------------
    def check_json(self, block):
        text = re.sub(r"^\s*//.*$", "", block.text, flags=re.M)
        try:
            json.loads(text)
        except ValueError as e:
            self.fail(block, f"not valid JSON: {e}")

    def check_toml(self, block):
        import tomllib
        try:
            tomllib.loads(block.text)
        except tomllib.TOMLDecodeError as e:
            self.fail(block, f"not valid TOML: {e}")

    def check_lua(self, block):
        nvim = shutil.which("nvim")
        if not nvim:
            self.fail(block, "nvim is not installed (scripts/install-deps.sh installs it)")
            return
        path = os.path.join(self.tmp, f"init_{block.line}.lua")
        open(path, "w").write(block.text)
        proc = subprocess.run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c",
                               f"luafile {path}", "-c", "qa!"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, timeout=60)
        out = proc.stdout.decode(errors="replace")
        if proc.returncode != 0 or "Error" in out:
            self.fail(block, f"Neovim cannot load it ({proc.returncode}):\n{out}")

    # --- text ------------------------------------------------------------
    def check_text(self, block):
        sources = " ".join(block.directive("output-of")).split()
        if not sources:
            self.fail(block, "a text block needs <!-- docs-test: output-of: FILE... --> "
                             "or <!-- docs-test: skip: why -->")
            return
        root = self.src if all(os.path.exists(os.path.join(self.src, s)) for s in sources) \
            else self.sandbox
        out = ""
        for s in sources:
            if not s.endswith((".cpp", ".cc", ".cxx")):
                continue
            proc = subprocess.run(
                [self.args.clang_tidy, "--load=" + self.module, "--quiet",
                 "--checks=-*,corolint-*", s, "--", "-std=c++20",
                 "-I" + os.path.join(self.src, "runtime", "include"), "-I."],
                cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            out += proc.stdout.decode(errors="replace").replace(root + os.sep, "")
        for line in block.text.strip("\n").split("\n"):
            if line.strip() and line not in out.split("\n"):
                self.fail(block, f"not in the output for {' '.join(sources)}: {line}\n"
                                 f"the output was:\n{out[-3000:]}")


def checks_of_def(src):
    """(check name, docs page) of each check in Checks.def, named as Checks.h names them."""
    text = open(os.path.join(src, "checks", "engine", "Checks.def"), encoding="utf-8").read()
    names = re.findall(r'^COROLINT_(?:CATEGORY\(\w+,\s*|TRANSITIVE_CHECK\()"([a-z]+)"', text, re.M)
    return [("corolint-blocking-" + n, "blocking-" + n + ".md") for n in names]


def check_pages(src):
    """Failures: a check of Checks.def without its page, or a page of no check."""
    failures = []
    checks = checks_of_def(src)
    if len(checks) < 2:
        return [f"Checks.def: found {len(checks)} checks; has its format changed?"]
    pages_dir = os.path.join(src, "docs", "checks")
    for check, page in checks:
        path = os.path.join(pages_dir, page)
        if not os.path.exists(path):
            failures.append(f"docs/checks/{page}: missing (the page of {check})")
        elif open(path, encoding="utf-8").readline().strip() != "# " + check:
            failures.append(f"docs/checks/{page}: does not start with '# {check}'")
    pages = {page for _, page in checks}
    for path in sorted(glob.glob(os.path.join(pages_dir, "*.md"))):
        if os.path.basename(path) not in pages:
            failures.append(f"docs/checks/{os.path.basename(path)}: no check in Checks.def has it")
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--clangxx", default="clang++-19")
    ap.add_argument("--clang-tidy", default="clang-tidy-19")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = ap.parse_args()
    ctx = Context(args)
    ctx.failures += check_pages(ctx.src)
    docs = ["README.md"] + sorted(
        os.path.relpath(p, ctx.src)
        for p in glob.glob(os.path.join(ctx.src, "docs", "**", "*.md"), recursive=True))
    checkers = {"cpp": ctx.check_cpp, "sh": ctx.check_sh, "yaml": ctx.check_yaml,
                "text": ctx.check_text, "json": ctx.check_json, "toml": ctx.check_toml,
                "lua": ctx.check_lua}
    for rel in docs:
        for block in blocks_of(os.path.join(ctx.src, rel), rel):
            why = block.directive("skip")
            if why:
                print(f"  {block.where()}: {block.lang} block not run: {why[0]}")
                ctx.skipped += 1
                continue
            check = checkers.get(block.lang)
            if not check:
                ctx.fail(block, f"a '{block.lang or 'plain'}' block: no test runs it (give it "
                                f"a kind: {', '.join(checkers)}, or a skip directive)")
                continue
            check(block)
            ctx.ran += 1
    if not args.keep:
        shutil.rmtree(ctx.tmp, ignore_errors=True)
    for f in ctx.failures:
        print("FAIL " + f)
    print(f"docs: {ctx.ran} blocks checked, {ctx.skipped} skipped, {len(ctx.failures)} failures")
    sys.exit(1 if ctx.failures or ctx.ran == 0 else 0)


if __name__ == "__main__":
    main()
