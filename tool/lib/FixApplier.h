//===- FixApplier.h - Apply the findings' fixes to files --------*- C++ -*-===//
//
// A fix is all of its edits or none. Each file is written whole or not at
// all (a temporary file in the same directory, fsync, rename, mode kept). Of
// two fixes whose edits overlap, the first (in finding order) is applied and
// the other skipped, with a problem naming both; a file that cannot be read,
// changed since it was analysed, or gets an edit past its end is left
// unchanged, and so is every other file of the fixes involved. Only files
// under the project root are ever written.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_FIXAPPLIER_H
#define COROLINT_TOOL_FIXAPPLIER_H

#include "Findings.h"
#include "llvm/ADT/StringMap.h"
#include <string>
#include <vector>

namespace corolint::tool {

struct FixOutcome {
  /// Per finding (same order as the input): was its fix applied?
  std::vector<bool> Applied;
  std::vector<std::string> ChangedFiles;
  /// One line per problem ("a.cpp: not changed: ...", "a.cpp:3:5: the fix
  /// for 'recv' is not applied: ..."); what they name was not written.
  std::vector<std::string> Problems;
  /// A write failed: the tool did not do its job.
  bool WriteFailed = false;
};

/// \p ExpectedHashes: file -> content hash when it was analysed; a file
/// whose content differs now is not changed (its offsets would be stale).
/// Files missing from the map are not checked.
FixOutcome applyFixes(const std::vector<Finding> &Findings, llvm::StringRef Root,
                      const llvm::StringMap<std::string> &ExpectedHashes);

} // namespace corolint::tool

#endif
