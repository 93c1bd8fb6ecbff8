//===- UnitScan.cpp -------------------------------------------------------===//
#include "UnitScan.h"
#include "CoroutineAnalysis.h"
#include "CoroutineWalker.h"
#include "FunctionDiscovery.h"
#include "Locations.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include <cstdint>
#include <cstring>

using namespace clang;

namespace corolint {

namespace {

/// How summaries name a function (see FunctionKeys); "" if it has no name
/// that would survive the trip.
std::string keyOf(const FunctionDecl &FD, FunctionKeys Keys) {
  if (Keys == FunctionKeys::InUnit) {
    // The bytes of the canonical declaration's address: every redeclaration
    // of a function has the same, and eight bytes stay in std::string's
    // inline buffer.
    auto Address = reinterpret_cast<std::uintptr_t>(FD.getCanonicalDecl());
    char Bytes[sizeof Address];
    std::memcpy(Bytes, &Address, sizeof Bytes);
    return std::string(Bytes, sizeof Bytes);
  }
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(&FD, Buf))
    return {};
  return std::string(Buf);
}

/// The function a call or construction names, if it names one.
const FunctionDecl *directCallee(const Expr &Call) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&Call))
    return Construct->getConstructor();
  if (const auto *CE = dyn_cast<CallExpr>(&Call))
    return CE->getDirectCallee();
  return nullptr;
}

/// True if the call may reach another function than the one it names: a
/// virtual member called other than as Base::f().
bool mayDispatch(const Expr &Call, const FunctionDecl &Callee) {
  const auto *MD = dyn_cast<CXXMethodDecl>(&Callee);
  if (!MD)
    return false;
  // isVirtual() looks for overridden methods through the ASTContext, which
  // a declaration finds by climbing every enclosing context: in lambdas
  // nested N deep, N steps per call. A lambda's call operator is never
  // virtual, and a method of a class without bases is only if written so.
  const CXXRecordDecl *Class = MD->getParent();
  if (Class->isLambda())
    return false;
  const CXXMethodDecl *First = MD->getCanonicalDecl();
  if (!First->isVirtualAsWritten() && !First->isPureVirtual() && Class->hasDefinition() &&
      Class->getNumBases() == 0)
    return false;
  if (!MD->isVirtual())
    return false;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call);
  const auto *ME = Member ? dyn_cast<MemberExpr>(Member->getCallee()->IgnoreParens()) : nullptr;
  return !ME || !ME->hasQualifier();
}

} // namespace

UnitScan scanUnit(ASTContext &Ctx, CallClassifier &Classifier,
                             bool WithSummary, FunctionKeys Keys) {
  UnitScan Result;
  const SourceManager &SM = Ctx.getSourceManager();
  LocationConverter ToLocation(SM);
  // The same helpers are called from many functions: their key, shown name
  // and place are worked out once each.
  struct Callee {
    std::string Key; ///< empty: not summarised (a system header's, or no USR)
    std::string Shown;
  };
  llvm::DenseMap<const FunctionDecl *, Callee> Callees;
  auto CalleeOf = [&](const FunctionDecl &FD) -> const Callee & {
    auto [It, Inserted] = Callees.try_emplace(&FD);
    if (Inserted && !SM.isInSystemHeader(FD.getLocation())) {
      It->second.Key = keyOf(FD, Keys);
      It->second.Shown = displayName(FD);
    }
    return It->second;
  };
  if (WithSummary)
    Result.Summary.MainFile = ToLocation(SM.getLocForStartOfFile(SM.getMainFileID())).File;

  FunctionDiscovery Functions(*Ctx.getTranslationUnitDecl(), SM);
  auto OnClass = [&](const CXXRecordDecl &Class) { Functions.addClass(Class); };
  while (const FunctionDecl *FD = Functions.next()) {
    // A synchronous generator's body runs in its caller, a helper's.
    const bool Coroutine = isCoroutine(*FD) && !isSynchronousGenerator(*FD);
    // A template's pattern is summarised through its instantiations, where
    // its calls resolve; a coroutine's pattern still has findings of its own
    // (calls that do not depend on the template's parameters).
    const bool Summarize = WithSummary && !FD->isDependentContext() &&
                           !CalleeOf(*FD).Key.empty();
    if (!Coroutine && !Summarize) {
      // Nothing to report here, but lambdas and local classes written in it
      // are functions of their own, coroutines among them.
      CallVisitor Discover;
      Discover.Class = OnClass;
      forEachCallOnThisThread(*FD, Discover);
      continue;
    }
    FunctionSummary S;
    if (Summarize) {
      const Callee &Self = CalleeOf(*FD);
      S.Key = Self.Key;
      S.Name = Self.Shown;
      S.At = ToLocation(FD->getLocation());
      S.IsCoroutine = Coroutine;
      S.HasBody = true;
      S.StopsChain = Classifier.isAllowed(*FD);
    }
    CoroutineCalls Found{FD, {}};

    auto Blocks = [&](Classification What, SourceLocation Loc, const Expr *Call,
                      const CallContext &Where) {
      if (Summarize)
        S.Blocks.push_back({checkName(What.TheCategory), What.Name, ToLocation(Loc)});
      if (Coroutine)
        Found.Calls.push_back({FD, Call, Loc, std::move(What), Where});
    };
    auto Calls = [&](const FunctionDecl &Target, SourceLocation Loc) {
      const Callee &C = CalleeOf(Target);
      if (!C.Key.empty())
        S.Calls.push_back({C.Key, C.Shown, ToLocation(Loc)});
    };
    CallVisitor Visitor;
    auto VisitCall = [&](const Expr &Call, const CallContext &Where) {
      if (Call.containsErrors())
        return; // nothing is derived from a broken AST
      // An implicit call is shown where it runs (Where.ShowAt).
      auto ShownAt = [&] {
        return SM.getFileLoc(Where.ShowAt.isValid() ? Where.ShowAt : Call.getBeginLoc());
      };
      if (std::optional<Classification> What =
              Classifier.classify(Call, Ctx, Where.ResultUnused)) {
        Blocks(std::move(*What), ShownAt(), &Call, Where);
        return;
      }
      if (!Summarize)
        return;
      // Most calls are to the library's functions, which have no summary:
      // that is asked first, as it is the cheapest to know.
      const FunctionDecl *Target = directCallee(Call);
      if (!Target || Where.InvokesInlineLambda || CalleeOf(*Target).Key.empty() ||
          mayDispatch(Call, *Target))
        return;
      Calls(*Target, ShownAt());
    };
    // A destructor runs its members' and bases' destructors too (the
    // walk of its body reports them), and a virtual one runs the static
    // type's among others: the edge is sound either way.
    auto VisitDestructor = [&](const CXXDestructorDecl &Destructor, const CallContext &Where) {
      SourceLocation Loc = SM.getFileLoc(Where.ShowAt);
      if (std::optional<Classification> What = Classifier.classifyImplicitCall(Destructor)) {
        Blocks(std::move(*What), Loc, nullptr, Where);
        return;
      }
      if (Summarize)
        Calls(Destructor, Loc);
    };
    auto RunsCallables = [&](const CallExpr &Call) { return Classifier.runsCallables(Call); };
    Visitor.Call = VisitCall;
    Visitor.Destructor = VisitDestructor;
    Visitor.Class = OnClass;
    Visitor.RunsCallables = RunsCallables;
    forEachCallOnThisThread(*FD, Visitor);

    if (Summarize)
      Result.Summary.Functions.push_back(std::move(S));
    if (!Found.Calls.empty())
      Result.Coroutines.push_back(std::move(Found));
  }
  return Result;
}

UnitSummary summarizeUnit(ASTContext &Ctx,
                                                CallClassifier &Classifier) {
  return scanUnit(Ctx, Classifier, /*WithSummary=*/true).Summary;
}

} // namespace corolint
