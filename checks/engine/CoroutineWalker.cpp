//===- CoroutineWalker.cpp ------------------------------------------------===//
#include "CoroutineWalker.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Builtins.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <algorithm>

using namespace clang;

namespace corolint {

bool isCoroutine(const FunctionDecl &FD) {
  return FD.doesThisDeclarationHaveABody() && isa_and_nonnull<CoroutineBodyStmt>(FD.getBody());
}

bool isSynchronousGenerator(const FunctionDecl &FD) {
  const auto *Body = dyn_cast_or_null<CoroutineBodyStmt>(FD.getBody());
  const VarDecl *Promise = Body ? Body->getPromiseDecl() : nullptr;
  const CXXRecordDecl *Type = Promise ? Promise->getType()->getAsCXXRecordDecl() : nullptr;
  if (!Type || !Type->hasDefinition())
    return false;
  // The idiom that makes a generator synchronous (std::generator's,
  // cppcoro::generator's): its promise deletes await_transform, so nothing
  // in its body can wait for anything.
  ASTContext &Ctx = FD.getASTContext();
  for (const NamedDecl *Member : Type->lookup(&Ctx.Idents.get("await_transform"))) {
    const Decl *D = Member;
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D))
      D = Template->getTemplatedDecl();
    if (const auto *Fn = dyn_cast<FunctionDecl>(D); Fn && Fn->isDeleted())
      return true;
  }
  return false;
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
  if (!MD || !MD->getParent()->isLambda() || MD->getOverloadedOperator() != OO_Call)
    return nullptr;
  return MD;
}

namespace {
/// Answers "was this declaration context written inside Fn?" during one
/// walk of Fn, remembering every context it climbs through: lambdas nested N
/// deep would otherwise climb up to N contexts for each call, N^3 steps in
/// all over the walks of Fn and of each lambda.
class ContextsWithin {
public:
  explicit ContextsWithin(const FunctionDecl &Fn) { Inside.insert(&Fn); }

  bool contains(const DeclContext *DC) {
    llvm::SmallVector<const DeclContext *, 8> Path;
    for (; DC; DC = DC->getParent()) {
      if (Inside.contains(DC)) {
        Inside.insert(Path.begin(), Path.end());
        return true;
      }
      if (Outside.contains(DC))
        break;
      Path.push_back(DC);
    }
    Outside.insert(Path.begin(), Path.end());
    return false;
  }

private:
  llvm::SmallPtrSet<const DeclContext *, 8> Inside, Outside;
};
} // namespace

/// The call operator of a lambda written inside the function being walked
/// and called by E (the walker walks into it, as that function's own code).
static const CXXMethodDecl *lambdaCalledInPlace(const Expr &E, ContextsWithin &Within) {
  const CXXMethodDecl *Op = invokedLambda(E);
  if (!Op || !Within.contains(Op->getParent()->getDeclContext()))
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

/// The child of a node that has exactly one, for the walk to follow without
/// its work list: implicit and explicit casts, member accesses, unary
/// operators and the wrappers (a third of a body's nodes).
static const Stmt *onlyChild(const Stmt &S) {
  if (const auto *Cast = dyn_cast<CastExpr>(&S))
    return Cast->getSubExpr();
  switch (S.getStmtClass()) {
  case Stmt::MemberExprClass:
    return cast<MemberExpr>(S).getBase();
  case Stmt::UnaryOperatorClass:
    return cast<UnaryOperator>(S).getSubExpr();
  case Stmt::ParenExprClass:
    return cast<ParenExpr>(S).getSubExpr();
  case Stmt::ExprWithCleanupsClass:
    return cast<ExprWithCleanups>(S).getSubExpr();
  case Stmt::MaterializeTemporaryExprClass:
    return cast<MaterializeTemporaryExpr>(S).getSubExpr();
  case Stmt::CXXBindTemporaryExprClass:
    return cast<CXXBindTemporaryExpr>(S).getSubExpr();
  default:
    return nullptr;
  }
}

/// Nodes that pass their own position on to their child: `(f())` and
/// `f()` whose temporary needs a destructor are statements as much as `f()`.
static bool isWrapper(const Stmt &S) {
  return isa<ExprWithCleanups>(S) || isa<ParenExpr>(S) || isa<CXXBindTemporaryExpr>(S) ||
         isa<MaterializeTemporaryExpr>(S);
}

/// The destructor that destroying an object of type T runs, if it does
/// anything: class types and arrays of them.
static const CXXDestructorDecl *destructorOf(QualType T) {
  if (!T->isRecordType() && !T->isArrayType()) // most locals, and references
    return nullptr;
  const CXXRecordDecl *RD = T->getBaseElementTypeUnsafe()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() || RD->isDependentType() || RD->hasTrivialDestructor())
    return nullptr;
  return RD->getDestructor();
}

/// The lambda a callable argument is, if it was written in Fn: `[..]{..}`
/// itself, or a local variable initialized with one.
static const LambdaExpr *lambdaArgument(const Expr *Arg, const FunctionDecl &Fn,
                                        ContextsWithin &Within) {
  if (!Arg)
    return nullptr;
  const Expr *E = Arg->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E); // a copy of it
      Construct && Construct->getNumArgs() == 1)
    E = Construct->getArg(0)->IgnoreImplicit();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
        VD && VD->isLocalVarDecl() && VD->getDeclContext() == &Fn && VD->getInit())
      E = VD->getInit()->IgnoreImplicit();
  const auto *Lambda = dyn_cast<LambdaExpr>(E);
  if (!Lambda || !Within.contains(Lambda->getLambdaClass()->getDeclContext()))
    return nullptr;
  return Lambda;
}

/// Calls Visit for each call in the implicit parts of a co_await/co_yield
/// (await_transform, operator co_await, await_ready, await_suspend,
/// await_resume), not descending into the operand the user wrote, which the
/// walk takes as it is.
static void forEachAwaiterCall(const CoroutineSuspendExpr &Suspend,
                               llvm::function_ref<void(const Expr &)> Visit) {
  const Expr *Operand = Suspend.getOperand();
  llvm::SmallVector<const Stmt *, 16> Work;
  for (const Stmt *Part : {static_cast<const Stmt *>(Suspend.getCommonExpr()),
                           static_cast<const Stmt *>(Suspend.getReadyExpr()),
                           static_cast<const Stmt *>(Suspend.getSuspendExpr()),
                           static_cast<const Stmt *>(Suspend.getResumeExpr())})
    Work.push_back(Part);
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || S == Operand || isa<LambdaExpr>(S))
      continue;
    if (isa<CallExpr>(S) || isa<CXXConstructExpr>(S))
      Visit(cast<Expr>(*S));
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
}

namespace {

/// One walk of a function (see forEachCallOnThisThread): a work list of
/// statements, one method per kind of node that changes what runs here or
/// where a call is, and the destructors to report once the calls are.
class CallWalker {
public:
  CallWalker(const FunctionDecl &Fn, const CallVisitor &Visitor)
      : Fn(Fn), Visitor(Visitor), Within(Fn), Pattern(Fn.isDependentContext()) {}

  void run(const Stmt &Body) {
    Work.push_back({&Body, CallContext{}});
    // A constructor's member and base initializers run before its body.
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&Fn)) {
      const size_t First = Work.size();
      for (const CXXCtorInitializer *Init : Ctor->inits())
        Work.push_back({Init->getInit(), CallContext{}});
      std::reverse(Work.begin() + First, Work.end());
    }
    // An explicit stack: deeply nested code must not overflow ours.
    while (!Work.empty()) {
      auto [S, Ctx] = Work.pop_back_val();
      walk(S, Ctx);
    }
    if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(&Fn))
      addMemberAndBaseDestructors(*Dtor);
    reportDestructors();
  }

private:
  struct Item {
    const Stmt *S;
    CallContext Ctx;
  };

  /// Walks S, following chains of one-child nodes here, without the work
  /// list; pushes the children of other nodes.
  void walk(const Stmt *S, CallContext Ctx) {
    while (S) {
      CallContext ChildCtx = Ctx;
      ChildCtx.ResultUnused = false;
      // Whether the children's values may go unused (see isStatementPosition).
      bool Statements = false;

      switch (S->getStmtClass()) {
      // Code that does not run here.
      case Stmt::BlockExprClass:
      case Stmt::UnaryExprOrTypeTraitExprClass:
      case Stmt::CXXNoexceptExprClass:
      case Stmt::RequiresExprClass:
      case Stmt::ConceptSpecializationExprClass:
        return;
      case Stmt::CXXTypeidExprClass:
        if (!cast<CXXTypeidExpr>(S)->isPotentiallyEvaluated())
          return;
        break;
      case Stmt::LambdaExprClass:
        visitLambda(cast<LambdaExpr>(*S), ChildCtx);
        return;
      case Stmt::DeclStmtClass:
        visitDeclStmt(cast<DeclStmt>(*S), ChildCtx);
        return;
      case Stmt::CoawaitExprClass:
      case Stmt::CoyieldExprClass:
        S = visitSuspend(cast<CoroutineSuspendExpr>(*S), ChildCtx);
        Ctx = ChildCtx;
        continue;
      case Stmt::DependentCoawaitExprClass:
        S = cast<DependentCoawaitExpr>(S)->getOperand();
        Ctx = ChildCtx;
        continue;
      case Stmt::CoreturnStmtClass:
        S = cast<CoreturnStmt>(S)->getOperand();
        Ctx = ChildCtx;
        continue;
      case Stmt::CXXDefaultArgExprClass:
      case Stmt::CXXDefaultInitExprClass:
        S = visitDefault(*S, ChildCtx);
        Ctx = ChildCtx;
        continue;
      case Stmt::CXXBindTemporaryExprClass: {
        // The temporary is destroyed at the end of the full-expression.
        const auto *Bind = cast<CXXBindTemporaryExpr>(S);
        addDestructor(Bind->getTemporary()->getDestructor(), ChildCtx, Bind->getBeginLoc());
        break;
      }
      case Stmt::CXXDeleteExprClass:
        visitDelete(cast<CXXDeleteExpr>(*S), ChildCtx);
        break;
      case Stmt::IfStmtClass:
        if (!visitIf(cast<IfStmt>(*S), ChildCtx))
          return;
        Statements = true;
        break;
      case Stmt::CXXCatchStmtClass:
        ChildCtx.InCatch = true;
        break;
      case Stmt::CompoundStmtClass:
      case Stmt::WhileStmtClass:
      case Stmt::DoStmtClass:
      case Stmt::ForStmtClass:
      case Stmt::CXXForRangeStmtClass:
      case Stmt::CaseStmtClass:
      case Stmt::DefaultStmtClass:
      case Stmt::LabelStmtClass:
      case Stmt::AttributedStmtClass:
      case Stmt::CStyleCastExprClass:
        Statements = true;
        break;
      default:
        break;
      }

      if (isa<CallExpr>(S) || isa<CXXConstructExpr>(S))
        visitCall(cast<Expr>(*S), Ctx, ChildCtx);
      S = children(*S, Ctx, ChildCtx, Statements);
      Ctx = ChildCtx;
    }
  }

  /// The child to follow, if S has only one (ChildCtx updated for it);
  /// otherwise pushes S's children in source order and returns null.
  const Stmt *children(const Stmt &S, const CallContext &Ctx, CallContext &ChildCtx,
                       bool Statements) {
    const bool Wrapper = isWrapper(S);
    if (const Stmt *Only = onlyChild(S)) {
      if (Wrapper)
        ChildCtx.ResultUnused = Ctx.ResultUnused;
      else if (Statements)
        ChildCtx.ResultUnused = isStatementPosition(S, Only);
      return cannotCall(*Only) ? nullptr : Only;
    }
    const size_t First = Work.size();
    for (const Stmt *Child : S.children()) {
      if (!Child || cannotCall(*Child))
        continue;
      CallContext C = ChildCtx;
      if (Wrapper)
        C.ResultUnused = Ctx.ResultUnused;
      else if (Statements)
        C.ResultUnused = isStatementPosition(S, Child);
      Work.push_back({Child, C});
    }
    // Reversed in place, so that calls come out in source order.
    std::reverse(Work.begin() + First, Work.end());
    return nullptr;
  }

  /// The captures' initializers run here; the body runs when called.
  void visitLambda(const LambdaExpr &Lambda, const CallContext &ChildCtx) {
    if (Visitor.Class)
      Visitor.Class(*Lambda.getLambdaClass());
    for (const Expr *Init : Lambda.capture_inits())
      Work.push_back({Init, ChildCtx});
  }

  void visitDeclStmt(const DeclStmt &Decls, const CallContext &ChildCtx) {
    for (const Decl *D : Decls.decls())
      if (const auto *VD = dyn_cast<VarDecl>(D)) {
        // A constant initializer is evaluated by the compiler.
        if (VD->isConstexpr() || VD->hasAttr<ConstInitAttr>())
          continue;
        CallContext InitCtx = ChildCtx;
        const bool Static = VD->isStaticLocal() || VD->getTLSKind() != VarDecl::TLS_None;
        InitCtx.InStaticInit |= Static;
        Work.push_back({VD->getInit(), InitCtx});
        // Destroyed at the end of its scope, unless returned by NRVO.
        if (!Static && !VD->isNRVOVariable())
          addDestructor(destructorOf(VD->getType()), ChildCtx, VD->getLocation(), VD);
      } else if (const auto *Local = dyn_cast<CXXRecordDecl>(D)) {
        // Local classes' functions do not run here.
        if (Visitor.Class)
          Visitor.Class(*Local);
      }
  }

  /// co_await/co_yield: the calls Sema built around the operand (the
  /// awaiter's methods) run here, and are shown at the keyword; the operand
  /// the user wrote is walked next (returned).
  const Stmt *visitSuspend(const CoroutineSuspendExpr &Suspend, const CallContext &ChildCtx) {
    if (Visitor.Call) {
      CallContext AwaiterCtx = ChildCtx;
      AwaiterCtx.Implicit = true;
      AwaiterCtx.ShowAt = Suspend.getKeywordLoc();
      forEachAwaiterCall(Suspend, [&](const Expr &Call) { Visitor.Call(Call, AwaiterCtx); });
    }
    return Suspend.getOperand();
  }

  /// A default argument or member initializer is evaluated here, where the
  /// call or the initialization is, and shown there. Returns the expression.
  static const Stmt *visitDefault(const Stmt &S, CallContext &ChildCtx) {
    const bool Arg = isa<CXXDefaultArgExpr>(S);
    ChildCtx.Implicit = true;
    if (ChildCtx.ShowAt.isInvalid())
      ChildCtx.ShowAt = Arg ? cast<CXXDefaultArgExpr>(S).getUsedLocation()
                            : cast<CXXDefaultInitExpr>(S).getUsedLocation();
    return Arg ? cast<CXXDefaultArgExpr>(S).getExpr() : cast<CXXDefaultInitExpr>(S).getExpr();
  }

  void visitDelete(const CXXDeleteExpr &Delete, const CallContext &ChildCtx) {
    QualType Destroyed = Delete.getDestroyedType();
    if (!Destroyed.isNull() && !Destroyed->isDependentType())
      addDestructor(destructorOf(Destroyed), ChildCtx, Delete.getBeginLoc());
  }

  /// False if the if statement's children are not to be walked as usual: an
  /// `if constexpr` or `if consteval` whose taken branch is pushed here, or a
  /// template's pattern whose `if constexpr` depends on the template.
  bool visitIf(const IfStmt &If, const CallContext &ChildCtx) {
    if (!If.isConstexpr() && !If.isConsteval())
      return true;
    // The discarded branch of an `if constexpr` never runs, nor does the
    // constant-evaluation branch of an `if consteval` (this code runs at
    // run time).
    std::optional<const Stmt *> Taken;
    if (If.isConsteval())
      Taken = If.isNegatedConsteval() ? If.getThen() : If.getElse();
    else
      Taken = If.getNondiscardedCase(Fn.getASTContext());
    if (Taken) {
      CallContext TakenCtx = ChildCtx;
      TakenCtx.ResultUnused = true; // both are statements
      Work.push_back({*Taken, TakenCtx});
      Work.push_back({If.getInit(), TakenCtx});
      return false;
    }
    // In a template's pattern, the branches of an `if constexpr` whose
    // condition depends on the template are judged in the instantiations,
    // which keep only the branch they take.
    return !Pattern;
  }

  /// Reports a call, and walks the lambdas it runs here: one written here
  /// and called here, or passed to a function that calls it before
  /// returning.
  void visitCall(const Expr &E, const CallContext &Ctx, const CallContext &ChildCtx) {
    const CXXMethodDecl *InPlace = lambdaCalledInPlace(E, Within);
    if (Visitor.Call) {
      CallContext CallCtx = Ctx;
      CallCtx.InvokesInlineLambda = InPlace != nullptr;
      Visitor.Call(E, CallCtx);
    }
    const auto *Call = dyn_cast<CallExpr>(&E);
    if (!Call)
      return;
    if (InPlace)
      walkLambda(InPlace, ChildCtx);
    else if (Visitor.RunsCallables && Visitor.RunsCallables(*Call))
      for (const Expr *Arg : Call->arguments())
        if (const LambdaExpr *Lambda = lambdaArgument(Arg, Fn, Within)) {
          const CXXRecordDecl *Closure = Lambda->getLambdaClass();
          if (const FunctionTemplateDecl *Generic = Closure->getDependentLambdaCallOperator())
            for (const FunctionDecl *Spec : Generic->specializations())
              walkLambda(dyn_cast<CXXMethodDecl>(Spec), ChildCtx);
          else
            walkLambda(Lambda->getCallOperator(), ChildCtx);
        }
    if (!Destructors.empty())
      noteMovedFrom(*Call);
  }

  void walkLambda(const CXXMethodDecl *Op, const CallContext &Ctx) {
    const FunctionDecl *Def = Op ? Op->getDefinition() : nullptr;
    if (Def && !isCoroutine(*Def) && WalkedLambdas.insert(Op).second) {
      CallContext LambdaCtx = Ctx;
      LambdaCtx.InInlineLambda = true;
      LambdaCtx.ResultUnused = false;
      Work.push_back({Def->getBody(), LambdaCtx});
    }
  }

  /// After std::move(x), x's destructor has nothing left to do.
  void noteMovedFrom(const CallExpr &Call) {
    const FunctionDecl *Callee = Call.getDirectCallee();
    if (!Callee)
      return;
    unsigned Builtin = Callee->getBuiltinID();
    if ((Builtin == Builtin::BImove || Builtin == Builtin::BIforward) && Call.getNumArgs() == 1)
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Call.getArg(0)->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
          MovedFrom.insert(VD);
  }

  void addDestructor(const CXXDestructorDecl *D, CallContext Ctx, SourceLocation At,
                     const VarDecl *Var = nullptr) {
    if (!D || !Visitor.Destructor)
      return;
    Ctx.Implicit = true;
    if (Ctx.ShowAt.isInvalid())
      Ctx.ShowAt = At;
    Destructors.push_back({D, Ctx, Var});
  }

  /// A destructor destroys the members and bases after its body has run.
  void addMemberAndBaseDestructors(const CXXDestructorDecl &Dtor) {
    const CXXRecordDecl *Class = Dtor.getParent();
    if (!Class->hasDefinition() || Class->isDependentType())
      return;
    for (const FieldDecl *Field : Class->fields())
      addDestructor(destructorOf(Field->getType()), CallContext{}, Field->getLocation());
    for (const CXXBaseSpecifier &Base : Class->bases())
      addDestructor(destructorOf(Base.getType()), CallContext{}, Base.getBeginLoc());
  }

  void reportDestructors() {
    for (const PendingDestructor &D : Destructors)
      if (!D.Var || !MovedFrom.contains(D.Var))
        Visitor.Destructor(*D.Destructor, D.Ctx);
  }

  const FunctionDecl &Fn;
  const CallVisitor &Visitor;
  llvm::SmallVector<Item, 64> Work;
  llvm::SmallPtrSet<const CXXMethodDecl *, 4> WalkedLambdas;
  ContextsWithin Within;
  /// In a template's pattern (see visitIf).
  const bool Pattern;
  // Destructors are reported after the calls: a variable's construction and
  // its destruction are shown at the same place, and the construction is
  // what the user wrote. Locals moved from (std::move, std::forward) are
  // left out: their destructor has nothing left to do.
  struct PendingDestructor {
    const CXXDestructorDecl *Destructor;
    CallContext Ctx;
    const VarDecl *Var; // for a local variable
  };
  llvm::SmallVector<PendingDestructor, 8> Destructors;
  llvm::SmallPtrSet<const VarDecl *, 4> MovedFrom;
};

} // namespace

void forEachCallOnThisThread(const FunctionDecl &Fn, const CallVisitor &Visitor) {
  if (const Stmt *Body = userBody(Fn))
    CallWalker(Fn, Visitor).run(*Body);
}

} // namespace corolint
