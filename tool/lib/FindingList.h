//===- FindingList.h - The findings a run reports ---------------*- C++ -*-===//
//
// The last stage of the command and of the language server alike: the
// chains through helpers from the units' summaries, then one ordered list
// without duplicates, then NOLINT comments applied.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_FINDINGLIST_H
#define COROLINT_TOOL_FINDINGLIST_H

#include "Findings.h"
#include "Summaries.h"
#include "Suppressions.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <vector>

namespace corolint::tool {

struct RunFindings {
  std::vector<Finding> Direct; ///< of every unit
  std::vector<const UnitSummary *> Summaries;
  /// Whether corolint-blocking-transitive is on for a coroutine in a file
  /// (its own file's configuration decides); null when it is on nowhere.
  llvm::function_ref<bool(llvm::StringRef File)> TransitiveEnabledIn = nullptr;
  /// Only the chains of coroutines in this file (the language server's
  /// document); empty: every coroutine's.
  std::string OnlyFile;
};

/// The direct findings and the chains, sorted and deduplicated, without the
/// ones a NOLINT comment suppresses (in the text ContentOf gives).
std::vector<Finding> reportedFindings(RunFindings Run, ContentLookup ContentOf);

/// Sorts by file and offset, and keeps one of equal findings: a header's
/// findings come once, however many units include it.
void sortAndDedupe(std::vector<Finding> &Findings);

} // namespace corolint::tool

#endif
