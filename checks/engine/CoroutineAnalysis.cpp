//===- CoroutineAnalysis.cpp ----------------------------------------------===//
#include "CoroutineAnalysis.h"
#include "CoroutineWalker.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace corolint {

std::string displayName(const FunctionDecl &FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD))
    if (MD->getParent()->isLambda())
      return "lambda";
  return "'" + qualifiedName(FD) + "'";
}

SourceLocation coroutineLocation(const FunctionDecl &Coroutine, const SourceManager &SM) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&Coroutine))
    if (MD->getParent()->isLambda())
      return SM.getFileLoc(MD->getParent()->getBeginLoc());
  return SM.getFileLoc(Coroutine.getLocation());
}

std::string checkName(Category C) { return checkInfo(C).CheckName; }

} // namespace corolint
