//===- CoroutineAnalysis.cpp ----------------------------------------------===//
#include "CoroutineAnalysis.h"
#include "CoroutineWalker.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace corolint {

void findBlockingCalls(const FunctionDecl &Coroutine,
                       CallClassifier &Classifier, ASTContext &Ctx,
                       llvm::function_ref<void(const BlockingCallFinding &)> Report) {
  if (Coroutine.isInvalidDecl())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  forEachCallOnThisThread(Coroutine, [&](const Expr &Call, const CallContext &Where) {
    std::optional<Classification> What = Classifier.classify(Call, Ctx);
    if (!What)
      return;
    BlockingCallFinding F;
    F.Coroutine = &Coroutine;
    F.Call = &Call;
    F.Loc = SM.getFileLoc(Call.getBeginLoc());
    F.What = std::move(*What);
    F.Context = Where;
    Report(F);
  });
}

std::string coroutineDisplayName(const FunctionDecl &Coroutine) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&Coroutine)) {
    if (MD->getParent()->isLambda())
      return "lambda";
    if (MD->getDeclName().isIdentifier())
      return "'" + MD->getParent()->getNameAsString() + "::" +
             MD->getNameAsString() + "'";
  }
  return "'" + Coroutine.getNameAsString() + "'";
}

SourceLocation coroutineLocation(const FunctionDecl &Coroutine,
                                 const SourceManager &SM) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&Coroutine))
    if (MD->getParent()->isLambda())
      return SM.getFileLoc(MD->getParent()->getBeginLoc());
  return SM.getFileLoc(Coroutine.getLocation());
}

std::string findingMessage(const BlockingCallFinding &F) {
  std::string Msg = "blocking call to '" + F.What.Name + "' in coroutine " +
                    coroutineDisplayName(*F.Coroutine) +
                    " stalls its event loop";
  if (!F.What.Suggestion.empty())
    Msg += "; use '" + F.What.Suggestion + "'";
  return Msg;
}

std::string checkName(Category C) {
  return ("corolint-blocking-" + categoryName(C)).str();
}

} // namespace corolint
