//===- CoroutineWalker.cpp ------------------------------------------------===//
#include "CoroutineWalker.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <algorithm>

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

const CXXMethodDecl *lambdaCalledInPlace(const Expr &E, const FunctionDecl &Fn) {
  const CXXMethodDecl *Op = invokedLambda(E);
  if (!Op || !isWithin(Op->getParent()->getDeclContext(), &Fn))
    return nullptr;
  return Op;
}

/// The statements whose value nobody uses: the children of a block, the
/// bodies of control statements, an operand cast to void. (Wrappers such as
/// parentheses keep their own position; see the caller.)
static bool isStatementPosition(const Stmt &Parent, const Stmt *Child) {
  if (isa<CompoundStmt>(Parent))
    return true;
  if (const auto *If = dyn_cast<IfStmt>(&Parent))
    return Child == If->getThen() || Child == If->getElse();
  if (const auto *While = dyn_cast<WhileStmt>(&Parent))
    return Child == While->getBody();
  if (const auto *Do = dyn_cast<DoStmt>(&Parent))
    return Child == Do->getBody();
  if (const auto *For = dyn_cast<ForStmt>(&Parent))
    return Child == For->getBody() || Child == For->getInc() || Child == For->getInit();
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(&Parent))
    return Child == Range->getBody();
  if (isa<SwitchCase>(Parent) || isa<LabelStmt>(Parent) || isa<AttributedStmt>(Parent))
    return true;
  if (const auto *Cast = dyn_cast<CStyleCastExpr>(&Parent))
    return Cast->getType()->isVoidType();
  return false;
}

/// Leaves that run no code of anyone's: a third of a body's nodes, not
/// worth a trip through the work list.
static bool cannotCall(const Stmt &S) {
  switch (S.getStmtClass()) {
  case Stmt::DeclRefExprClass:
  case Stmt::IntegerLiteralClass:
  case Stmt::FloatingLiteralClass:
  case Stmt::StringLiteralClass:
  case Stmt::CharacterLiteralClass:
  case Stmt::CXXBoolLiteralExprClass:
  case Stmt::CXXNullPtrLiteralExprClass:
  case Stmt::CXXThisExprClass:
  case Stmt::NullStmtClass:
  case Stmt::BreakStmtClass:
  case Stmt::ContinueStmtClass:
  case Stmt::GotoStmtClass:
    return true;
  default:
    return false;
  }
}

void forEachCallOnThisThread(
    const FunctionDecl &Fn,
    llvm::function_ref<void(const Expr &, const CallContext &)> Visit) {
  const Stmt *Body = userBody(Fn);
  if (!Body)
    return;
  struct Item {
    const Stmt *S;
    CallContext Ctx;
  };
  // An explicit stack: deeply nested code must not overflow ours.
  llvm::SmallVector<Item, 64> Work;
  llvm::SmallPtrSet<const CXXMethodDecl *, 4> WalkedLambdas;
  Work.push_back({Body, CallContext{}});

  while (!Work.empty()) {
    auto [S, Ctx] = Work.pop_back_val();
    if (!S)
      continue;
    CallContext ChildCtx = Ctx;
    ChildCtx.ResultUnused = false;

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
        Work.push_back({Init, ChildCtx});
      continue;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      // Variables' initializers run here; local classes and functions do not.
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D)) {
          CallContext InitCtx = ChildCtx;
          InitCtx.InStaticInit |= VD->isStaticLocal() || VD->getTLSKind() != VarDecl::TLS_None;
          Work.push_back({VD->getInit(), InitCtx});
        }
      continue;
    }
    // co_await/co_yield/co_return: walk what the user wrote, not the
    // awaiter plumbing Sema built around it.
    if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
      Work.push_back({Suspend->getOperand(), ChildCtx});
      continue;
    }
    if (const auto *DepAwait = dyn_cast<DependentCoawaitExpr>(S)) {
      Work.push_back({DepAwait->getOperand(), ChildCtx});
      continue;
    }
    if (const auto *Return = dyn_cast<CoreturnStmt>(S)) {
      Work.push_back({Return->getOperand(), ChildCtx});
      continue;
    }
    if (isa<CXXCatchStmt>(S))
      ChildCtx.InCatch = true;

    if (const auto *E = dyn_cast<Expr>(S)) {
      if (isa<CallExpr>(E) || isa<CXXConstructExpr>(E))
        Visit(*E, Ctx);
      // A lambda written here and called here runs here.
      if (const CXXMethodDecl *Op = isa<CallExpr>(E) ? lambdaCalledInPlace(*E, Fn) : nullptr) {
        const FunctionDecl *Def = Op->getDefinition();
        if (Def && !isCoroutine(*Def) && WalkedLambdas.insert(Op).second) {
          CallContext LambdaCtx = ChildCtx;
          LambdaCtx.InInlineLambda = true;
          Work.push_back({Def->getBody(), LambdaCtx});
        }
      }
    }

    const bool Wrapper = isa<ExprWithCleanups>(S) || isa<ParenExpr>(S) ||
                         isa<CXXBindTemporaryExpr>(S) ||
                         isa<MaterializeTemporaryExpr>(S);
    const size_t First = Work.size();
    for (const Stmt *Child : S->children()) {
      if (!Child || cannotCall(*Child))
        continue;
      CallContext C = ChildCtx;
      C.ResultUnused = Wrapper ? Ctx.ResultUnused : isStatementPosition(*S, Child);
      Work.push_back({Child, C});
    }
    // Reversed in place, so that calls come out in source order.
    std::reverse(Work.begin() + First, Work.end());
  }
}

} // namespace corolint
