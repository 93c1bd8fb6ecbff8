//===- UnitAnalyzer.h - Parse one translation unit and run the engine -*- C++ -*-===//
#ifndef COROLINT_TOOL_UNITANALYZER_H
#define COROLINT_TOOL_UNITANALYZER_H

#include "CheckConfig.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <string>
#include <vector>

namespace corolint::tool {

/// A file the translation unit read, and the hash of what it read.
struct Dependency {
  std::string File;
  std::string Hash;
};

struct UnitResult {
  std::string MainFile;
  /// False if clang reported errors (or the unit could not be run at all):
  /// then no findings or summary are taken from it.
  bool Parsed = false;
  /// clang's errors (with their notes), as clang prints them.
  std::string Diagnostics;
  /// Why the unit failed, in one line.
  std::string Failure;
  std::vector<Finding> Findings;
  UnitSummary Summary;
  /// Every file the unit read, the main file first.
  std::vector<Dependency> Dependencies;
  bool FromCache = false;
};

struct ParseSettings {
  std::vector<std::string> ExtraArgs, ExtraArgsBefore;
  /// What clang reads files from; null: the real file system. The language
  /// server passes an overlay holding the editor's unsaved buffer.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FileSystem = nullptr;
};

/// Parses the unit with clang and runs every configured engine run on it.
UnitResult analyzeUnit(const clang::tooling::CompileCommand &Command, const UnitConfig &Config,
                       const ParseSettings &Settings);

} // namespace corolint::tool

#endif
