//===- SharedScan.cpp -----------------------------------------------------===//
#include "SharedScan.h"
#include "CallClassifier.h"

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/StringMap.h"
#include <memory>

namespace corolint::tidy {

namespace {
struct Entry {
  bool HasSummary = false;
  std::unique_ptr<UnitScan> Scan;
};

llvm::StringMap<Entry> &scans() {
  static llvm::StringMap<Entry> Scans;
  return Scans;
}
} // namespace

const UnitScan &sharedScan(clang::ASTContext &Ctx, const OptionValues &Options, bool WithSummary) {
  Entry &E = scans()[Options.key(OptionGroup::Classifier)];
  if (!E.Scan || (WithSummary && !E.HasSummary)) {
    CallClassifier Classifier(Options.classifierOptions());
    E.Scan =
        std::make_unique<UnitScan>(scanUnit(Ctx, Classifier, WithSummary, FunctionKeys::InUnit));
    E.HasSummary = WithSummary;
  }
  return *E.Scan;
}

void forgetSharedScans() { scans().clear(); }

bool onlyCorolintChecks(llvm::StringRef Globs) {
  // In clang-tidy's glob lists the last glob that matches a name decides.
  // A check is on only through a positive glob (no leading '-'), and "-*"
  // turns off everything before it, so it suffices that every positive glob
  // after the last "-*" starts with "corolint-". (clang-tidy puts its
  // default list first, e.g. "clang-diagnostic-*,clang-analyzer-*", and the
  // user's "-*,corolint-*" after it.)
  bool Alone = true;
  while (!Globs.empty()) {
    size_t End = Globs.find_first_of(",\n");
    llvm::StringRef Glob = Globs.take_front(End).trim();
    Globs = Globs.drop_front(End == llvm::StringRef::npos ? Globs.size() : End + 1);
    if (Glob == "-*")
      Alone = true;
    else if (!Glob.empty() && !Glob.starts_with("-") && !Glob.starts_with("corolint-"))
      Alone = false;
  }
  return Alone;
}

void skipMatcherTraversalIfAlone(clang::ASTContext &Ctx,
                                 const clang::tidy::ClangTidyContext &Context) {
  const std::optional<std::string> &Checks = Context.getOptions().Checks;
  if (!Checks || !onlyCorolintChecks(*Checks))
    return;
  // The MatchFinder calls the checks' translationUnitDecl() callbacks before
  // it descends into the unit, and its descent reads the traversal scope
  // (as clangd limits checks to the main file). No corolint check needs the
  // descent: they have their results already.
  Ctx.setTraversalScope({});
}

} // namespace corolint::tidy
