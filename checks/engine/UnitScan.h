//===- UnitScan.h - One walk of a translation unit for all checks -*- C++ -*-===//
//
// Every front end (the clang-tidy module, the corolint command, the language
// server) analyses a unit through this one scan: each function body is walked
// once, and the same walk yields the coroutines' direct blocking calls (all
// nine categories) and, when asked, every function's summary for the
// analysis through helpers.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_UNITSCAN_H
#define COROLINT_ENGINE_UNITSCAN_H

#include "CoroutineAnalysis.h"
#include "Summaries.h"
#include <vector>

namespace clang {
class ASTContext;
}

namespace corolint {

/// A coroutine and the blocking calls it makes itself, in source order.
struct CoroutineCalls {
  const clang::FunctionDecl *Coroutine = nullptr;
  std::vector<BlockingCallFinding> Calls;
};

struct UnitScan {
  /// Coroutines outside system headers that make at least one blocking call,
  /// templates' patterns and instantiations alike (their calls share
  /// locations: front ends report a location once).
  std::vector<CoroutineCalls> Coroutines;
  /// Filled only when the scan was asked for it.
  UnitSummary Summary;
};

/// How the summaries name functions (FunctionSummary::Key, CallSite::CalleeKey).
enum class FunctionKeys {
  /// USRs: a function has the same key in every unit, so the corolint
  /// command can merge the summaries of a whole project.
  Portable,
  /// The declaration itself: much cheaper, and meaningful within this unit
  /// only (the clang-tidy module closes one unit at a time).
  InUnit,
};

/// Walks every function of the unit once (see FunctionDiscovery): each
/// function with a body outside system headers, lambdas' call operators and
/// template instantiations included. Invalid declarations and calls whose
/// AST has errors yield nothing: no finding or chain is derived from a broken
/// AST.
UnitScan scanUnit(clang::ASTContext &Ctx, CallClassifier &Classifier, bool WithSummary,
                  FunctionKeys Keys = FunctionKeys::Portable);

/// The summaries alone (scanUnit's, with WithSummary): every
/// function defined in the unit outside system headers, and every function
/// called from one, as a declaration. Calls through function pointers and
/// virtual calls are not edges.
UnitSummary summarizeUnit(clang::ASTContext &Ctx, CallClassifier &Classifier);

} // namespace corolint

#endif
