//===- UnitAnalysis.h - One TU, all checks, as data --*- C++ -*-===//
//
// What the corolint command runs on each translation unit: the direct
// findings of every enabled check (with their fixes) and the summaries for
// the analysis through helpers. The clang-tidy module reaches the same
// results through the same engine functions.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_UNITANALYSIS_H
#define COROLINT_ENGINE_UNITANALYSIS_H

#include "CallClassifier.h"
#include "Findings.h"
#include "FixIts.h"
#include "Summaries.h"
#include <set>
#include <string>

namespace clang {
class ASTContext;
}

namespace corolint {

struct AnalysisOptions {
  /// Check names to run, e.g. {"corolint-blocking-sleep"}; empty runs all.
  std::set<std::string> EnabledChecks;
  ClassifierOptions Classifier;
  FixOptions Fixes;

  bool isEnabled(llvm::StringRef Check) const {
    return EnabledChecks.empty() || EnabledChecks.count(Check.str());
  }
};

struct ParsedUnitResult {
  std::vector<Finding> Findings; ///< direct findings, in source order
  UnitSummary Summary;           ///< for the analysis through helpers
};

/// Analyses one parsed translation unit. Findings are reported for code in
/// files that are not system headers; a template's findings appear once.
ParsedUnitResult analyzeParsedUnit(clang::ASTContext &Ctx, const AnalysisOptions &Options);

} // namespace corolint

#endif
