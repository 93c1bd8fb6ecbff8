//===- ValuesAtCall.cpp ---------------------------------------------------===//
#include "ValuesAtCall.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <memory>

using namespace clang;

namespace corolint {
namespace {

/// One statement that gives the variable a value, or may change it.
struct Event {
  enum Kind {
    Init,        ///< its declaration, with an initializer (Value)
    Uninit,      ///< its declaration, without one
    Assign,      ///< `v = Value`
    FieldAssign, ///< `v.Field = Value`
    ZeroFill,    ///< memset(&v, 0, ...) / bzero(&v, ...)
    Other,       ///< anything else that may change it
  } K;
  const Expr *Value = nullptr;
  const FieldDecl *Field = nullptr;
  unsigned Seq = 0;
  /// The branches and loops the statement is under, outermost first.
  llvm::SmallVector<const Stmt *, 4> Under;
};

bool isPrefix(llvm::ArrayRef<const Stmt *> A, llvm::ArrayRef<const Stmt *> B) {
  return A.size() <= B.size() && std::equal(A.begin(), A.end(), B.begin());
}

/// Walks the function once, in source order, noting each event of the
/// variable and where the call is.
class EventCollector : public RecursiveASTVisitor<EventCollector> {
  using Base = RecursiveASTVisitor<EventCollector>;

public:
  EventCollector(const VarDecl &Var, const Expr &Call, const Stmt &Body, ASTContext &Ctx,
                 MutationAnalyses &Mutations)
      : Var(Var), Call(Call), Body(Body), Ctx(Ctx), Mutations(Mutations) {}

  std::vector<Event> Events;
  llvm::SmallPtrSet<const Stmt *, 4> Loops;
  llvm::SmallVector<const Stmt *, 4> CallUnder;
  unsigned CallSeq = 0;
  bool SawCall = false;

  bool TraverseStmt(Stmt *S) {
    if (S != &Call)
      return Base::TraverseStmt(S);
    CallSeq = Seq++;
    CallUnder = Under;
    SawCall = true;
    ++InCall;
    Base::TraverseStmt(S);
    --InCall;
    return true;
  }
  bool TraverseIfStmt(IfStmt *S) {
    TraverseStmt(S->getInit());
    walk(S->getConditionVariableDeclStmt());
    TraverseStmt(S->getCond());
    branch(S->getThen(), S->getThen());
    branch(S->getElse(), S->getElse());
    return true;
  }
  bool TraverseSwitchStmt(SwitchStmt *S) {
    TraverseStmt(S->getInit());
    walk(S->getConditionVariableDeclStmt());
    TraverseStmt(S->getCond());
    branch(S->getBody(), S->getBody());
    return true;
  }
  bool TraverseConditionalOperator(ConditionalOperator *S) {
    TraverseStmt(S->getCond());
    branch(S->getTrueExpr(), S->getTrueExpr());
    branch(S->getFalseExpr(), S->getFalseExpr());
    return true;
  }
  bool TraverseForStmt(ForStmt *S) {
    TraverseStmt(S->getInit());
    loop(S, {S->getConditionVariableDeclStmt(), S->getCond(), S->getBody(), S->getInc()});
    return true;
  }
  bool TraverseWhileStmt(WhileStmt *S) {
    loop(S, {S->getConditionVariableDeclStmt(), S->getCond(), S->getBody()});
    return true;
  }
  bool TraverseDoStmt(DoStmt *S) {
    loop(S, {S->getBody(), S->getCond()});
    return true;
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    TraverseStmt(S->getInit());
    TraverseStmt(S->getRangeInit());
    loop(S, {S->getLoopVarStmt(), S->getBody()});
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *L) {
    // Runs who knows when: a write in it may come before the call.
    ++InLambda;
    Under.push_back(L);
    Base::TraverseLambdaExpr(L);
    Under.pop_back();
    --InLambda;
    return true;
  }

  bool VisitVarDecl(VarDecl *D) {
    if (D == &Var)
      add(D->getInit() ? Event::Init : Event::Uninit, D->getInit());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    const Expr *LHS = BO->getLHS()->IgnoreParens();
    if (const auto *Ref = refToVar(LHS)) {
      Handled.insert(Ref);
      add(InLambda ? Event::Other : Event::Assign, BO->getRHS());
    } else if (const auto *ME = dyn_cast<MemberExpr>(LHS); ME && !ME->isArrow()) {
      const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (const auto *Base = refToVar(ME->getBase()->IgnoreParenImpCasts()); Base && Field) {
        Handled.insert(Base);
        add(InLambda ? Event::Other : Event::FieldAssign, BO->getRHS(), Field);
      }
    }
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || !FD->isExternC() || !FD->getDeclName().isIdentifier() || CE->getNumArgs() < 2)
      return true;
    llvm::StringRef Name = FD->getName();
    bool Clears = Name == "bzero" || Name == "explicit_bzero";
    if (Name == "memset") {
      Expr::EvalResult R;
      Clears = CE->getArg(1)->EvaluateAsInt(R, Ctx) && R.Val.getInt().isZero();
    }
    if (!Clears)
      return true;
    if (const auto *Addr = dyn_cast<UnaryOperator>(CE->getArg(0)->IgnoreParenImpCasts());
        Addr && Addr->getOpcode() == UO_AddrOf)
      if (const auto *Ref = refToVar(Addr->getSubExpr()->IgnoreParens())) {
        Handled.insert(Ref);
        add(InLambda ? Event::Other : Event::ZeroFill, nullptr);
      }
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Ref->getDecl() != &Var || Handled.contains(Ref))
      return true;
    if (Mutations.isMutated(*Ref, Body))
      add(Event::Other, nullptr);
    return true;
  }

private:
  const VarDecl &Var;
  const Expr &Call;
  const Stmt &Body;
  ASTContext &Ctx;
  MutationAnalyses &Mutations;
  llvm::SmallPtrSet<const DeclRefExpr *, 4> Handled;
  llvm::SmallVector<const Stmt *, 4> Under;
  unsigned Seq = 0;
  int InCall = 0;
  int InLambda = 0;

  const DeclRefExpr *refToVar(const Expr *E) const {
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    return Ref && Ref->getDecl() == &Var ? Ref : nullptr;
  }
  void add(Event::Kind K, const Expr *Value, const FieldDecl *Field = nullptr) {
    // What the call does to the variable itself (select rewriting its
    // timeval) comes after it has read it.
    if (InCall)
      return;
    Events.push_back({K, Value, Field, Seq++, Under});
  }
  // The visitor takes mutable nodes; some getters are const-only in LLVM 16.
  void walk(const Stmt *S) { TraverseStmt(const_cast<Stmt *>(S)); }
  void branch(Stmt *S, const Stmt *Key) {
    if (!S)
      return;
    Under.push_back(Key);
    TraverseStmt(S);
    Under.pop_back();
  }
  void loop(const Stmt *L, std::initializer_list<const Stmt *> Parts) {
    Loops.insert(L);
    Under.push_back(L);
    for (const Stmt *P : Parts)
      walk(P);
    Under.pop_back();
  }
};

/// The events that can reach the call, in source order, from the last one
/// that certainly runs before it and sets the whole variable.
class ReachingEvents {
public:
  ReachingEvents(const EventCollector &C, llvm::function_ref<bool(const Event &)> SetsAll) {
    const Event *Kill = nullptr;
    for (const Event &E : C.Events)
      if (E.Seq < C.CallSeq && isPrefix(E.Under, C.CallUnder) && SetsAll(E))
        Kill = &E;
    for (const Event &E : C.Events) {
      bool Before = E.Seq < C.CallSeq && (!Kill || E.Seq >= Kill->Seq);
      // After the call, in a loop around it that the kill is outside of:
      // the next iteration reads it.
      bool AroundAgain = false;
      if (E.Seq > C.CallSeq)
        for (const Stmt *L : E.Under)
          if (C.Loops.contains(L) && llvm::is_contained(C.CallUnder, L) &&
              (!Kill || !llvm::is_contained(Kill->Under, L)))
            AroundAgain = true;
      if (Before || AroundAgain)
        List.push_back({&E, E.Seq < C.CallSeq && isPrefix(E.Under, C.CallUnder)});
    }
  }
  struct Reaching {
    const Event *E;
    bool Certain; ///< runs whenever the call does, before it
  };
  llvm::SmallVector<Reaching, 8> List;
};

const Stmt *bodyOf(const VarDecl &Var) {
  if (!Var.isLocalVarDecl() || Var.isStaticLocal() || Var.getType()->isReferenceType())
    return nullptr;
  const auto *Fn = dyn_cast_or_null<FunctionDecl>(Var.getParentFunctionOrMethod());
  return Fn ? Fn->getBody() : nullptr;
}

bool isZeroInt(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->containsErrors())
    return false;
  if (isa<ImplicitValueInitExpr>(E))
    return true;
  Expr::EvalResult R;
  return E->EvaluateAsInt(R, Ctx) && R.Val.getInt().isZero();
}

/// Which fields an initializer of the struct sets to zero (all if it
/// value-initializes).
void zeroFieldsOf(const Expr *Init, const RecordDecl &RD, const ASTContext &Ctx,
                  llvm::DenseMap<const FieldDecl *, bool> &Zero) {
  Init = Init ? Init->IgnoreImplicit() : nullptr;
  if (const auto *IL = dyn_cast_or_null<InitListExpr>(Init)) {
    unsigned I = 0;
    for (const FieldDecl *F : RD.fields()) {
      const Expr *E = I < IL->getNumInits() ? IL->getInit(I) : nullptr;
      Zero[F] = !E || isZeroInt(E, Ctx);
      ++I;
    }
    return;
  }
  const auto *CE = dyn_cast_or_null<CXXConstructExpr>(Init);
  bool AllZero = CE && CE->getNumArgs() == 0 && CE->requiresZeroInitialization();
  for (const FieldDecl *F : RD.fields())
    Zero[F] = AllZero;
}

} // namespace

MutationAnalyses::MutationAnalyses(ASTContext &Ctx) : Ctx(Ctx) {}
MutationAnalyses::~MutationAnalyses() = default;

bool MutationAnalyses::isMutated(const DeclRefExpr &Ref, const Stmt &Body) {
  std::unique_ptr<ExprMutationAnalyzer> &A = ByBody[&Body];
  if (!A)
    A = std::make_unique<ExprMutationAnalyzer>(Body, Ctx);
  return A->isMutated(&Ref);
}

std::optional<llvm::SmallVector<const Expr *, 4>> valuesAtCall(const VarDecl &Var, const Expr &Call,
                                                               MutationAnalyses &Mutations) {
  const Stmt *Body = bodyOf(Var);
  if (!Body)
    return std::nullopt;
  ASTContext &Ctx = Var.getASTContext();
  EventCollector C(Var, Call, *Body, Ctx, Mutations);
  C.TraverseStmt(const_cast<Stmt *>(Body));
  if (!C.SawCall)
    return std::nullopt;
  ReachingEvents R(C, [](const Event &E) {
    return E.K == Event::Init || E.K == Event::Uninit || E.K == Event::Assign;
  });
  llvm::SmallVector<const Expr *, 4> Values;
  for (const ReachingEvents::Reaching &Step : R.List) {
    switch (Step.E->K) {
    case Event::Init:
    case Event::Assign:
      Values.push_back(Step.E->Value);
      break;
    case Event::Uninit: // reading it would be undefined: no value of its own
      break;
    default:
      return std::nullopt;
    }
  }
  if (Values.empty())
    return std::nullopt;
  return Values;
}

bool isZeroAtCall(const VarDecl &Var, const Expr &Call, ASTContext &Ctx,
                  MutationAnalyses &Mutations) {
  const auto *RD = Var.getType()->getAsRecordDecl();
  const Stmt *Body = bodyOf(Var);
  if (!RD || RD->isUnion() || !Body)
    return false;
  EventCollector C(Var, Call, *Body, Ctx, Mutations);
  C.TraverseStmt(const_cast<Stmt *>(Body));
  if (!C.SawCall)
    return false;
  ReachingEvents R(C, [](const Event &E) {
    return E.K == Event::Init || E.K == Event::Uninit || E.K == Event::ZeroFill ||
           E.K == Event::Assign;
  });
  llvm::DenseMap<const FieldDecl *, bool> Zero;
  for (const FieldDecl *F : RD->fields())
    Zero[F] = false;
  for (const ReachingEvents::Reaching &Step : R.List) {
    const Event &E = *Step.E;
    llvm::DenseMap<const FieldDecl *, bool> Set;
    switch (E.K) {
    case Event::Init:
    case Event::Assign:
      zeroFieldsOf(E.Value, *RD, Ctx, Set);
      break;
    case Event::Uninit:
      break; // every field unknown
    case Event::ZeroFill:
      for (const FieldDecl *F : RD->fields())
        Set[F] = true;
      break;
    case Event::FieldAssign:
      Set[E.Field] = isZeroInt(E.Value, Ctx);
      break;
    case Event::Other:
      return false;
    }
    bool Whole = E.K != Event::FieldAssign;
    for (const FieldDecl *F : RD->fields()) {
      auto It = Set.find(F);
      if (It == Set.end() && !Whole)
        continue; // another field's assignment
      bool NewZero = It != Set.end() && It->second;
      // A step that may not run leaves the field zero only if both are.
      Zero[F] = Step.Certain ? NewZero : Zero[F] && NewZero;
    }
  }
  return llvm::all_of(RD->fields(), [&](const FieldDecl *F) { return Zero[F]; });
}

} // namespace corolint
