//===- Baseline.h - Known findings that are not reported --------*- C++ -*-===//
//
// A finding is recorded by what it is, not where: its check, its file
// (relative to the project root), its coroutine and callee, a hash of its
// source line with whitespace normalised, and its index among findings equal
// in all of these. Edits elsewhere in the file (lines inserted above) keep
// the key; editing the line itself makes the finding new.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_BASELINE_H
#define COROLINT_TOOL_BASELINE_H

#include "Findings.h"
#include "SourceFiles.h"
#include "llvm/Support/Error.h"
#include <set>
#include <string>
#include <vector>

namespace corolint::tool {

/// One key per finding, in the same order. Findings must be sorted by file
/// and offset (the occurrence index counts in that order).
std::vector<std::string> baselineKeys(const std::vector<Finding> &Findings, llvm::StringRef Root,
                                      SourceFiles &Sources);

llvm::Error writeBaseline(llvm::StringRef Path, const std::vector<Finding> &Findings,
                          llvm::StringRef Root, SourceFiles &Sources);

llvm::Expected<std::multiset<std::string>> readBaseline(llvm::StringRef Path);

/// The findings whose key is not in the baseline (each baseline entry
/// absorbs one finding).
std::vector<Finding> withoutBaseline(const std::vector<Finding> &Findings,
                                     std::multiset<std::string> Baseline, llvm::StringRef Root,
                                     SourceFiles &Sources);

/// "a  b\t c " -> "a b c".
std::string normalizeLine(llvm::StringRef Line);

} // namespace corolint::tool

#endif
