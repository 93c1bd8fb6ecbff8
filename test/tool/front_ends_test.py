#!/usr/bin/env python3
"""The three front ends say the same thing about the same code.

Each fixture of test/checks/fixtures is analysed by clang-tidy with the
corolint module, by the corolint command (--format=json) and by the language
server (corolint --lsp, driven over pipes like an editor), all from one
compile_commands.json. Their findings in the fixture (location, check,
message, and each note's location and message) must be equal byte for byte,
after only the format is normalised: positions become (file, line, byte
column), the LSP's UTF-16 columns included, and the module's " [check]"
suffix becomes the check.

Fixes are compared as the set of distinct edits each front end offers for
the file, which is what applying every fix gives. Per finding they differ on
purpose: the module gives a call inside another's fix no fix of its own and
adds an #include with the first fix of a file (clang-tidy would apply them
once per diagnostic), while the command and the language server give every
fix all it needs (see checks/engine/Reporting.h).

Environment: COROLINT (the binary), COROLINT_CLANG_TIDY and COROLINT_MODULE
(clang-tidy-19 and libcorolint-tidy.so), COROLINT_FIXTURES
(test/checks/fixtures), COROLINT_RUNTIME_INCLUDE (corio's headers).
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import unittest
import urllib.parse

import yaml

COROLINT = os.environ["COROLINT"]
CLANG_TIDY = os.environ["COROLINT_CLANG_TIDY"]
MODULE = os.environ["COROLINT_MODULE"]
FIXTURES = os.environ["COROLINT_FIXTURES"]
RUNTIME_INCLUDE = os.environ["COROLINT_RUNTIME_INCLUDE"]

# Fixtures that cannot be compared: with clang errors the command and the
# language server report nothing (the module reports what it can); a file
# that is not UTF-8 has no LSP positions to compare.
SKIPPED = {"bad-input.cpp": "clang errors", "fix-non-utf8.cpp": "not UTF-8"}

DIAG = re.compile(r"^(.*):(\d+):(\d+): (warning|note): (.*)$")


class Fixture:
    def __init__(self, name):
        self.name = name
        self.checks, self.config, self.args = "-*,corolint-*", "", "-std=c++20"
        with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("// CHECKS: "):
                    self.checks = "-*," + line[len("// CHECKS: "):].strip()
                elif line.startswith("// CONFIG: "):
                    self.config = line[len("// CONFIG: "):].strip()
                elif line.startswith("// ARGS: "):
                    self.args = line[len("// ARGS: "):].strip()


class Workspace:
    """The fixture copied into a directory with a compilation database."""

    def __init__(self, fixture):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="corolint-front-ends-"))
        self.file = os.path.join(self.dir, fixture.name)
        shutil.copy(os.path.join(FIXTURES, fixture.name), self.file)
        with open(self.file, "rb") as f:
            self.text = f.read()
        args = (["clang++"] + shlex.split(fixture.args) +
                ["-I" + os.path.join(FIXTURES, "Inputs"), "-I" + RUNTIME_INCLUDE,
                 "-c", self.file])
        with open(os.path.join(self.dir, "compile_commands.json"), "w") as f:
            json.dump([{"directory": self.dir, "file": self.file, "arguments": args}], f)
        self.config_args = []
        if fixture.config:
            path = os.path.join(self.dir, "config.yaml")
            with open(path, "w") as f:
                f.write(fixture.config + "\n")
            self.config_args = ["--config-file=" + path]

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def finding(file, line, col, check, message, notes):
    return (file, line, col, check, message, tuple(notes))


def from_module(fixture, ws):
    fixes_file = os.path.join(ws.dir, "fixes.yaml")
    config = ["--config=" + fixture.config] if fixture.config else []
    r = subprocess.run([CLANG_TIDY, "--load=" + MODULE, "--quiet", "-p", ws.dir,
                        "--checks=" + fixture.checks, "--export-fixes=" + fixes_file] +
                       config + [ws.file], capture_output=True, text=True, errors="replace")
    findings, current = [], None
    for line in r.stdout.splitlines():
        m = DIAG.match(line)
        if not m:
            continue
        path, ln, col, level, text = m.groups()
        if level == "warning":
            text, _, check = text.rpartition(" [")
            current = [path, int(ln), int(col), check.rstrip("]"), text, []]
            if not check.startswith("corolint-"):
                current = None  # another check's, with its notes
                continue
            findings.append(current)
        elif current is not None:  # a note of the warning above
            current[5].append((path, int(ln), int(col), text))
    edits = set()
    if os.path.exists(fixes_file):
        with open(fixes_file, encoding="utf-8", errors="replace") as f:
            exported = yaml.safe_load(f) or {}
        for d in exported.get("Diagnostics", []):
            if not d["DiagnosticName"].startswith("corolint-"):
                continue
            for rep in d["DiagnosticMessage"].get("Replacements", []):
                edits.add((rep["FilePath"], rep["Offset"], rep["Length"],
                           rep["ReplacementText"]))
    return [finding(*f) for f in findings], edits, r.stdout + r.stderr


def from_command(fixture, ws):
    r = subprocess.run([COROLINT, "-p", ws.dir, "--format=json", "--no-cache",
                        "--checks=" + fixture.checks] + ws.config_args + [ws.file],
                       capture_output=True, text=True)
    findings, edits = [], set()
    for f in json.loads(r.stdout or "[]"):
        loc = f["location"]
        notes = [(n["file"], n["line"], n["column"], n["message"]) for n in f["notes"]]
        findings.append(finding(loc["file"], loc["line"], loc["column"], f["check"],
                                f["message"], notes))
        for e in f["fix"]:
            edits.add((e["file"], e["offset"], e["length"], e["text"]))
    return findings, edits, r.stderr


class LspClient:
    def __init__(self, args, cwd):
        self.proc = subprocess.Popen([COROLINT, "--lsp"] + args, cwd=cwd,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, message):
        body = json.dumps(dict(message, jsonrpc="2.0")).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("the language server closed its output")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            m = self.receive()
            if m.get("id") == self.next_id and "method" not in m:
                return m.get("result")

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def close(self):
        """Shuts the server down as an editor does; it must exit with 0 at once."""
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            code = self.proc.wait(timeout=30)
        except Exception:
            self.proc.kill()
            self.proc.wait()
            raise
        finally:
            self.proc.stdin.close()
            self.proc.stdout.close()
        if code != 0:
            raise AssertionError("the language server exited with %d after shutdown" % code)


def uri_to_path(uri):
    return urllib.parse.unquote(urllib.parse.urlparse(uri).path)


class Texts:
    """Files' bytes, to turn LSP positions (UTF-16) into byte columns."""

    def __init__(self, ws):
        self.cache = {ws.file: ws.text}

    def lines(self, path):
        if path not in self.cache:
            with open(path, "rb") as f:
                self.cache[path] = f.read()
        return self.cache[path].split(b"\n")

    def column(self, path, line, character):
        """1-based byte column of a 0-based UTF-16 position."""
        text = self.lines(path)[line].decode("utf-8")
        units = 0
        for i, ch in enumerate(text):
            if units >= character:
                return len(text[:i].encode("utf-8")) + 1
            units += 2 if ord(ch) > 0xFFFF else 1
        return len(text.encode("utf-8")) + 1

    def offset(self, path, line, character):
        lines = self.lines(path)
        return sum(len(l) + 1 for l in lines[:line]) + self.column(path, line, character) - 1


def from_language_server(fixture, ws):
    client = LspClient(["-p", ws.dir, "--checks=" + fixture.checks] + ws.config_args, ws.dir)
    texts = Texts(ws)
    uri = "file://" + urllib.parse.quote(ws.file)
    try:
        client.request("initialize", {"processId": None, "rootUri": "file://" + ws.dir,
                                      "capabilities": {}})
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "cpp", "version": 1,
            "text": ws.text.decode("utf-8")}})
        while True:
            m = client.receive()
            if (m.get("method") == "textDocument/publishDiagnostics" and
                    m["params"]["uri"] == uri and "version" in m["params"]):
                diagnostics = m["params"]["diagnostics"]
                break
        findings, edits = [], set()
        for d in diagnostics:
            start = d["range"]["start"]
            notes = []
            for r in d.get("relatedInformation", []):
                path = uri_to_path(r["location"]["uri"])
                p = r["location"]["range"]["start"]
                notes.append((path, p["line"] + 1, texts.column(path, p["line"], p["character"]),
                              r["message"]))
            findings.append(finding(ws.file, start["line"] + 1,
                                    texts.column(ws.file, start["line"], start["character"]),
                                    d["code"], d["message"], notes))
            actions = client.request("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": d["range"],
                "context": {"diagnostics": [d]}}) or []
            for a in actions:
                for e in a["edit"]["changes"].get(uri, []):
                    b = texts.offset(ws.file, e["range"]["start"]["line"],
                                     e["range"]["start"]["character"])
                    end = texts.offset(ws.file, e["range"]["end"]["line"],
                                       e["range"]["end"]["character"])
                    edits.add((ws.file, b, end - b, e["newText"]))
        return findings, edits
    finally:
        client.close()


def in_file(findings, path):
    return sorted(f for f in findings if f[0] == path)


class FrontEnds(unittest.TestCase):
    def compare(self, name):
        fixture = Fixture(name)
        ws = Workspace(fixture)
        try:
            tidy, tidy_edits, tidy_log = from_module(fixture, ws)
            command, command_edits, command_log = from_command(fixture, ws)
            lsp, lsp_edits = from_language_server(fixture, ws)
            tidy, command, lsp = (in_file(f, ws.file) for f in (tidy, command, lsp))
            self.assertTrue(command, "no findings: nothing compared\n" + command_log)
            self.assertEqual(tidy, command, tidy_log)
            self.assertEqual(lsp, command)
            self.assertEqual(tidy_edits, command_edits, tidy_log)
            # The language server offers only fixes that edit the document.
            document_edits = {e for e in command_edits if e[0] == ws.file}
            self.assertEqual(lsp_edits, document_edits)
        finally:
            ws.cleanup()


def add_tests():
    for name in sorted(os.listdir(FIXTURES)):
        if not name.endswith(".cpp") or name in SKIPPED:
            continue
        test = lambda self, name=name: self.compare(name)
        setattr(FrontEnds, "test_" + re.sub(r"\W", "_", name[:-4]), test)


add_tests()

if __name__ == "__main__":
    unittest.main()
