//===- TranslationUnitAnalysis.h - One TU, all checks, as data --*- C++ -*-===//
//
// What the corolint command runs on each translation unit: the direct
// findings of every enabled check (with their fixes) and the summaries for
// the analysis through helpers. The clang-tidy module reaches the same
// results through the same engine functions.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_TRANSLATIONUNITANALYSIS_H
#define COROLINT_ENGINE_TRANSLATIONUNITANALYSIS_H

#include "CallClassifier.h"
#include "CallGraph.h"
#include "FixIts.h"
#include "Findings.h"
#include "llvm/ADT/DenseMap.h"
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

struct TranslationUnitResult {
  std::vector<Finding> Findings; ///< direct findings, in source order
  TranslationUnitSummary Summary; ///< for the analysis through helpers
};

/// Analyses one parsed translation unit. Findings are reported for code in
/// files that are not system headers; a template's findings appear once.
TranslationUnitResult analyzeTranslationUnit(clang::ASTContext &Ctx,
                                             const AnalysisOptions &Options);

/// Converts a source location to the plain model (file location, absolute path).
Location toLocation(clang::SourceLocation Loc, const clang::SourceManager &SM);

/// toLocation for many locations: each file's absolute name is computed once.
class LocationConverter {
public:
  explicit LocationConverter(const clang::SourceManager &SM) : SM(SM) {}
  Location operator()(clang::SourceLocation Loc);

private:
  const clang::SourceManager &SM;
  llvm::DenseMap<unsigned, std::string> Names; // by FileID
};

} // namespace corolint

#endif
