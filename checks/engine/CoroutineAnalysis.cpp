//===- CoroutineAnalysis.cpp ----------------------------------------------===//
#include "CoroutineAnalysis.h"
#include "CoroutineWalker.h"
#include "Wording.h"

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
  return blockingCallMessage(F.What.Name, coroutineDisplayName(*F.Coroutine),
                             F.What.Suggestion);
}

std::string checkName(Category C) {
  return ("corolint-blocking-" + categoryName(C)).str();
}

} // namespace corolint
