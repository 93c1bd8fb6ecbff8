//===- BlockingTransitiveCheck.cpp ----------------------------------------===//
#include "BlockingTransitiveCheck.h"
#include "BlockingClosure.h"
#include "FindingDiagnostics.h"
#include "SharedScan.h"
#include "TidyOptions.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace corolint::tidy {

BlockingTransitiveCheck::BlockingTransitiveCheck(llvm::StringRef Name,
                                                 clang::tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), TidyContext(*Context), Values(readOptions(Options)) {}

void BlockingTransitiveCheck::storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  storeCheckOptions(Values, TransitiveCheck, Options, Opts);
}

void BlockingTransitiveCheck::registerMatchers(MatchFinder *Finder) {
  // The whole translation unit at once: summaries are built bottom-up over
  // its call graph, one walk per function.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void BlockingTransitiveCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (Ctx.getDiagnostics().hasUncompilableErrorOccurred()) {
    skipMatcherTraversalIfAlone(Ctx, TidyContext);
    return; // no chain derived from a broken AST
  }
  const UnitScan &Scan = sharedScan(Ctx, Values, /*WithSummary=*/true);
  BlockingClosure Closure({&Scan.Summary});
  FindingDiagnostics Diagnostics(*this, *Result.SourceManager);
  for (const Finding &F : Closure.findings())
    Diagnostics.emit(F);
  skipMatcherTraversalIfAlone(Ctx, TidyContext);
}

void BlockingTransitiveCheck::onStartOfTranslationUnit() { forgetSharedScans(); }

} // namespace corolint::tidy
