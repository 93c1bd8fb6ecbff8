//===- UnitAnalysis.cpp ----------------------------------------===//
#include "UnitAnalysis.h"
#include "Reporting.h"
#include "UnitScan.h"

using namespace clang;

namespace corolint {

ParsedUnitResult analyzeParsedUnit(ASTContext &Ctx, const AnalysisOptions &Options) {
  CallClassifier Classifier(Options.Classifier);
  // One walk of each function gives the findings and the summaries.
  UnitScan Scan = scanUnit(Ctx, Classifier, Options.isEnabled(TransitiveCheckName));
  // (Checks configured with other fix options are analysed in a run of their
  // own; a nested call of theirs may then get a fix of its own, which the fix
  // applier skips if it overlaps.)
  auto IsEnabled = [&](llvm::StringRef Check) { return Options.isEnabled(Check); };
  ReportPolicy Policy;
  Policy.IsEnabled = IsEnabled;
  Policy.Fixes = &Options.Fixes;
  ParsedUnitResult Result;
  Result.Findings = reportDirectFindings(Scan, Ctx, Policy);
  Result.Summary = std::move(Scan.Summary);
  return Result;
}

} // namespace corolint
