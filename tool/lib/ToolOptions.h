//===- ToolOptions.h - What the corolint command was asked to do -*- C++ -*-===//
//
// The command line as plain data: main() fills it, runCorolint() acts on it.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_TOOLOPTIONS_H
#define COROLINT_TOOL_TOOLOPTIONS_H

#include <string>
#include <vector>

namespace corolint::tool {

enum class OutputFormat { Text, Json, Sarif };

struct ToolOptions {
  /// The build directory holding compile_commands.json (or that file itself).
  std::string BuildPath;
  /// Files to analyse; empty: every translation unit in the database.
  std::vector<std::string> Files;
  /// Worker threads; 0: one per core.
  unsigned Jobs = 0;
  OutputFormat Format = OutputFormat::Text;
  /// "" or "-": standard output.
  std::string OutputFile;
  /// Apply the findings' fixes to files under Root.
  bool Fix = false;
  /// The project root: relative paths, --fix's limit. "": the build
  /// directory's parent.
  std::string Root;
  std::string BaselineFile;
  std::string WriteBaselineFile;
  /// A .clang-tidy-format file used instead of the files found next to the
  /// sources.
  std::string ConfigFile;
  /// Appended to the configuration's Checks, like clang-tidy's --checks.
  std::string Checks;
  std::vector<std::string> ExtraArgs;
  std::vector<std::string> ExtraArgsBefore;
  bool UseCache = true;
  /// Print a summary line (units, cache hits, findings) on stderr.
  bool Stats = false;
  /// Show progress; defaults to whether stderr is a terminal.
  bool Progress = false;
};

/// "0.1.0".
const char *corolintVersion();

} // namespace corolint::tool

#endif
