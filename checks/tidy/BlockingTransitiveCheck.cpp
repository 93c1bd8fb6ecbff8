//===- BlockingTransitiveCheck.cpp ----------------------------------------===//
#include "BlockingTransitiveCheck.h"
#include "BlockingClosure.h"
#include "SharedScan.h"
#include "TidyOptions.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"

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

/// Back from the plain model to a location clang-tidy can report.
static SourceLocation toSourceLocation(const Location &L, SourceManager &SM) {
  auto File = SM.getFileManager().getOptionalFileRef(L.File);
  if (!File)
    return {};
  FileID ID = SM.translateFile(*File);
  if (ID.isInvalid())
    return {};
  return SM.getLocForStartOfFile(ID).getLocWithOffset(static_cast<int>(L.Offset));
}

void BlockingTransitiveCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (Ctx.getDiagnostics().hasUncompilableErrorOccurred()) {
    skipMatcherTraversalIfAlone(Ctx, TidyContext);
    return; // no chain derived from a broken AST
  }
  const UnitScan &Scan = sharedScan(Ctx, Values, /*WithSummary=*/true);
  BlockingClosure Closure({&Scan.Summary});
  SourceManager &SM = *Result.SourceManager;
  for (const Finding &F : Closure.findings()) {
    SourceLocation Loc = toSourceLocation(F.At, SM);
    if (Loc.isInvalid())
      continue;
    diag(Loc, "%0") << F.Message;
    for (const Note &N : F.Notes) {
      SourceLocation NoteLoc = toSourceLocation(N.At, SM);
      if (NoteLoc.isValid())
        diag(NoteLoc, "%0", DiagnosticIDs::Note) << N.Message;
    }
  }
  skipMatcherTraversalIfAlone(Ctx, TidyContext);
}

void BlockingTransitiveCheck::onStartOfTranslationUnit() { forgetSharedScans(); }

} // namespace corolint::tidy
