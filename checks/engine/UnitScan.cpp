//===- UnitScan.cpp -------------------------------------------------------===//
#include "UnitScan.h"
#include "CoroutineWalker.h"
#include "TranslationUnitAnalysis.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"

using namespace clang;

namespace corolint {

namespace {

std::string usrOf(const Decl &D) {
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(&D, Buf))
    return {};
  return std::string(Buf);
}

/// The function a call reaches for sure: not through a pointer, not
/// virtually dispatched.
const FunctionDecl *staticCallee(const Expr &Call) {
  const auto *CE = dyn_cast<CallExpr>(&Call);
  if (!CE)
    return nullptr;
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD)
    return nullptr;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    if (MD->isVirtual()) {
      const auto *Member = dyn_cast<CXXMemberCallExpr>(CE);
      const auto *ME = Member ? dyn_cast<MemberExpr>(Member->getCallee()->IgnoreParens())
                              : nullptr;
      // Base::f() is not dispatched; everything else may be.
      if (!ME || !ME->hasQualifier())
        return nullptr;
    }
  }
  return FD;
}

std::string shownName(const FunctionDecl &FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD))
    if (MD->getParent()->isLambda())
      return "lambda";
  return "'" + FD.getNameAsString() + "'";
}

} // namespace

UnitScan scanTranslationUnit(ASTContext &Ctx, CallClassifier &Classifier,
                             bool WithSummary) {
  UnitScan Result;
  const SourceManager &SM = Ctx.getSourceManager();
  LocationConverter ToLocation(SM);
  // The same helpers are called from many functions: one USR each.
  llvm::DenseMap<const Decl *, std::string> Usrs;
  auto UsrOf = [&](const FunctionDecl &FD) -> const std::string & {
    auto [It, Inserted] = Usrs.try_emplace(&FD);
    if (Inserted)
      It->second = usrOf(FD);
    return It->second;
  };
  if (WithSummary)
    Result.Summary.MainFile = ToLocation(SM.getLocForStartOfFile(SM.getMainFileID())).File;

  for (const FunctionDecl *FD : collectFunctions(Ctx)) {
    if (SM.isInSystemHeader(FD->getLocation()))
      continue; // the library's internals: the table speaks for its APIs
    const bool Coroutine = isCoroutine(*FD);
    // A template's pattern is summarised through its instantiations, where
    // its calls resolve; a coroutine's pattern still has findings of its own
    // (calls that do not depend on the template's parameters).
    FunctionSummary S;
    bool Summarize = WithSummary && !FD->isDependentContext();
    if (Summarize) {
      S.Usr = UsrOf(*FD);
      Summarize = !S.Usr.empty();
    }
    if (!Coroutine && !Summarize)
      continue;
    if (Summarize) {
      S.Name = shownName(*FD);
      S.At = ToLocation(FD->getLocation());
      S.IsCoroutine = Coroutine;
      S.HasBody = true;
      S.StopsChain = Classifier.isAllowed(*FD);
    }
    CoroutineCalls Found{FD, {}};

    forEachCallOnThisThread(*FD, [&](const Expr &Call, const CallContext &Where) {
      if (Call.containsErrors())
        return; // nothing is derived from a broken AST
      if (std::optional<Classification> What = Classifier.classify(Call, Ctx)) {
        SourceLocation Loc = SM.getFileLoc(Call.getBeginLoc());
        if (Summarize)
          S.Blocks.push_back({checkName(What->TheCategory), What->Name, ToLocation(Loc)});
        if (Coroutine)
          Found.Calls.push_back({FD, &Call, Loc, std::move(*What), Where});
        return;
      }
      if (!Summarize)
        return;
      const FunctionDecl *Callee = staticCallee(Call);
      if (!Callee || lambdaCalledInPlace(Call, *FD))
        return;
      if (SM.isInSystemHeader(Callee->getLocation()))
        return;
      const std::string &Usr = UsrOf(*Callee);
      if (Usr.empty())
        return;
      S.Calls.push_back({Usr, shownName(*Callee), ToLocation(Call.getBeginLoc())});
    });

    if (Summarize)
      Result.Summary.Functions.push_back(std::move(S));
    if (!Found.Calls.empty())
      Result.Coroutines.push_back(std::move(Found));
  }
  return Result;
}

TranslationUnitSummary summarizeTranslationUnit(ASTContext &Ctx,
                                                CallClassifier &Classifier) {
  return scanTranslationUnit(Ctx, Classifier, /*WithSummary=*/true).Summary;
}

} // namespace corolint
