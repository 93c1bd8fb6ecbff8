//===- CoroutineWalker.cpp ------------------------------------------------===//
#include "CoroutineWalker.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace corolint {

bool isCoroutine(const FunctionDecl &FD) {
  return FD.doesThisDeclarationHaveABody() &&
         isa_and_nonnull<CoroutineBodyStmt>(FD.getBody());
}

const Stmt *userBody(const FunctionDecl &FD) {
  const Stmt *Body = FD.getBody();
  if (const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    return CB->getBody();
  return Body;
}

/// The call operator of a lambda invoked by this call, if it is one.
static const CXXMethodDecl *invokedLambda(const Expr &E) {
  const auto *Call = dyn_cast<CallExpr>(&E);
  if (!Call)
    return nullptr;
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  if (!MD || !MD->getParent()->isLambda() ||
      MD->getOverloadedOperator() != OO_Call)
    return nullptr;
  return MD;
}

/// True if DC is Outer or nested in it: the lambda was written in the body
/// being walked, so its code reads as part of it.
static bool isWithin(const DeclContext *DC, const DeclContext *Outer) {
  for (; DC; DC = DC->getParent())
    if (DC == Outer)
      return true;
  return false;
}

void forEachCallOnThisThread(const FunctionDecl &Fn,
                             llvm::function_ref<void(const Expr &)> Visit) {
  const Stmt *Body = userBody(Fn);
  if (!Body)
    return;
  // An explicit stack: deeply nested code must not overflow ours.
  llvm::SmallVector<const Stmt *, 64> Work;
  llvm::SmallPtrSet<const CXXMethodDecl *, 4> WalkedLambdas;
  Work.push_back(Body);

  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;

    // Code that does not run here.
    if (isa<BlockExpr>(S) || isa<UnaryExprOrTypeTraitExpr>(S) ||
        isa<CXXNoexceptExpr>(S) || isa<RequiresExpr>(S) ||
        isa<ConceptSpecializationExpr>(S))
      continue;
    if (const auto *TI = dyn_cast<CXXTypeidExpr>(S)) {
      if (!TI->isPotentiallyEvaluated())
        continue;
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      // The captures' initializers run here; the body runs when called.
      for (const Expr *Init : Lambda->capture_inits())
        Work.push_back(Init);
      continue;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      // Variables' initializers run here; local classes and functions do not.
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          Work.push_back(VD->getInit());
      continue;
    }
    // co_await/co_yield/co_return: walk what the user wrote, not the
    // awaiter plumbing Sema built around it.
    if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
      Work.push_back(Suspend->getOperand());
      continue;
    }
    if (const auto *DepAwait = dyn_cast<DependentCoawaitExpr>(S)) {
      Work.push_back(DepAwait->getOperand());
      continue;
    }
    if (const auto *Return = dyn_cast<CoreturnStmt>(S)) {
      Work.push_back(Return->getOperand());
      continue;
    }

    if (const auto *E = dyn_cast<Expr>(S)) {
      if (isa<CallExpr>(E) || isa<CXXConstructExpr>(E))
        Visit(*E);
      // A lambda written here and called here runs here.
      if (const CXXMethodDecl *Op = invokedLambda(*E)) {
        const FunctionDecl *Def = Op->getDefinition();
        if (Def && !isCoroutine(*Def) &&
            isWithin(Op->getParent()->getDeclContext(), &Fn) &&
            WalkedLambdas.insert(Op).second)
          Work.push_back(Def->getBody());
      }
    }

    // Reversed, so that calls come out in source order.
    llvm::SmallVector<const Stmt *, 8> Children(S->child_begin(), S->child_end());
    Work.append(Children.rbegin(), Children.rend());
  }
}

} // namespace corolint
