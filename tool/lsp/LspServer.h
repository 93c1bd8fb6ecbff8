//===- LspServer.h - corolint as a language server --------------*- C++ -*-===//
//
// `corolint --lsp`: publishes corolint's findings for the documents an editor
// has open, analysing the editor's buffer (not the file on disk) whenever it
// is opened, changed or saved, and offers each finding's fix as a quick fix.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_LSPSERVER_H
#define COROLINT_TOOL_LSPSERVER_H

#include "LspTransport.h"
#include <chrono>
#include <string>
#include <vector>

namespace corolint::lsp {

struct ServerOptions {
  /// -p: the build directory (or compile_commands.json). Empty: for each
  /// document, the nearest compile_commands.json in its directory or a
  /// parent (or their build/ subdirectory), else in the workspace root.
  std::string BuildPath;
  std::string ConfigFile, Checks;
  std::vector<std::string> ExtraArgs, ExtraArgsBefore;
  /// The corolint executable, run as `<it> --lsp-worker` for each analysis.
  std::string WorkerExecutable;
  /// An analysis still running after this long is stopped.
  std::chrono::milliseconds AnalysisTimeout = std::chrono::minutes(2);
  size_t MaxMessageBytes = DefaultMaxMessageBytes;
};

/// Serves one session: reads messages from In until `exit` or the end of
/// input, writes to Out, logs to Log. Returns the exit code LSP asks for: 0
/// after shutdown then exit, 1 otherwise.
int runLanguageServer(const ServerOptions &Options, ByteSource &In, llvm::raw_fd_ostream &Out,
                      llvm::raw_ostream &Log);

} // namespace corolint::lsp

#endif
