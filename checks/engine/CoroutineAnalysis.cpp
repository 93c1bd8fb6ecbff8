//===- CoroutineAnalysis.cpp ----------------------------------------------===//
#include "CoroutineAnalysis.h"
#include "CoroutineWalker.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace corolint {

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

std::string checkName(Category C) { return checkInfo(C).CheckName; }

} // namespace corolint
