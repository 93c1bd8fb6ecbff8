//===- LspAnalysis.h - The language server's analyses, in a child process -*- C++ -*-===//
//
// The server analyses a document by running `corolint --lsp-worker`: the child
// reads one request (the compile command and the editor's buffer) on its
// standard input, runs analyzeUnit on the buffer through an in-memory overlay
// of the file system, and writes the findings as JSON on its standard output.
//
// Why a child process rather than llvm::CrashRecoveryContext in a thread:
// recovering from a crash by jumping out of a signal handler leaves clang's
// and LLVM's state (locks, half-built ASTs, leaked memory) as the crash left
// it, and cannot stop an analysis that never ends. A child can be killed,
// which also makes superseding an outdated analysis immediate, and returns
// all its memory when it exits. It is started with posix_spawn (through
// llvm::sys::ExecuteNoWait) and a fresh exec, not a bare fork(), because the
// server is multithreaded and a forked copy would inherit locks held by its
// other threads. Starting a process costs tens of milliseconds, little next to
// parsing a translation unit.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_LSPANALYSIS_H
#define COROLINT_TOOL_LSPANALYSIS_H

#include "Findings.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/JSON.h"
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace corolint::lsp {

struct AnalysisRequest {
  clang::tooling::CompileCommand Command;
  /// The document's absolute path (as the editor names it) and its text.
  std::string DocumentPath;
  std::string Contents;
  /// As the command's --config-file, --checks, --extra-arg(-before).
  std::string ConfigFile, Checks;
  std::vector<std::string> ExtraArgs, ExtraArgsBefore;
};

struct AnalysisResult {
  /// False if clang reported errors or could not run: no findings then.
  bool Parsed = false;
  std::string Failure;     ///< why not, in one line
  std::string Diagnostics; ///< clang's errors, as clang prints them
  /// Direct findings and, if enabled, corolint-blocking-transitive's for
  /// coroutines in the document. Paths that name the document are
  /// DocumentPath.
  std::vector<Finding> Findings;
};

llvm::json::Value toJSON(const AnalysisRequest &R);
bool fromJSON(const llvm::json::Value &V, AnalysisRequest &R, llvm::json::Path P);
llvm::json::Value toJSON(const AnalysisResult &R);
bool fromJSON(const llvm::json::Value &V, AnalysisResult &R, llvm::json::Path P);

/// Analyses in this process (the child's side). Changes the process's
/// working directory to the command's.
AnalysisResult analyzeRequest(const AnalysisRequest &Request);

/// `corolint --lsp-worker`: one request from standard input, its result on
/// standard output. Returns the exit code (0 when a result was written).
int runAnalysisWorker();

enum class ChildOutcome { Done, Cancelled, TimedOut, Failed };

/// Runs `<Executable> --lsp-worker` on the request. ShouldStop is called
/// about every 20 ms while the child runs (it may block that long); when it
/// returns true the child is killed (Cancelled). A child still running after
/// Timeout is killed too (TimedOut). Failed: the child could not start,
/// crashed, or wrote no result; Why says which.
ChildOutcome runInChild(llvm::StringRef Executable, const AnalysisRequest &Request,
                        std::chrono::milliseconds Timeout, const std::function<bool()> &ShouldStop,
                        AnalysisResult &Result, std::string &Why);

} // namespace corolint::lsp

#endif
