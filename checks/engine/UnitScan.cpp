//===- UnitScan.cpp -------------------------------------------------------===//
#include "UnitScan.h"
#include "CoroutineAnalysis.h"
#include "CoroutineWalker.h"
#include "FunctionDiscovery.h"
#include "LlvmCompat.h"
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
  if (!First->isVirtualAsWritten() && !compat::isPureVirtual(*First) && Class->hasDefinition() &&
      Class->getNumBases() == 0)
    return false;
  if (!MD->isVirtual())
    return false;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call);
  const auto *ME = Member ? dyn_cast<MemberExpr>(Member->getCallee()->IgnoreParens()) : nullptr;
  return !ME || !ME->hasQualifier();
}

} // namespace

namespace {

/// One scan of a unit: walks each function FunctionDiscovery yields once,
/// and turns what the walk reports into the coroutine's direct findings and
/// the function's summary (see scanUnit).
class UnitScanner {
public:
  UnitScanner(ASTContext &Ctx, CallClassifier &Classifier, bool WithSummary, FunctionKeys Keys)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Classifier(Classifier), ToLocation(SM),
        WithSummary(WithSummary), Keys(Keys), Functions(*Ctx.getTranslationUnitDecl(), SM) {}

  UnitScan run() {
    if (WithSummary)
      Result.Summary.MainFile = ToLocation(SM.getLocForStartOfFile(SM.getMainFileID())).File;
    while (const FunctionDecl *FD = Functions.next())
      scanFunction(*FD);
    return std::move(Result);
  }

private:
  /// The same helpers are called from many functions: their key and shown
  /// name are worked out once each.
  struct Callee {
    std::string Key; ///< empty: not summarised (a system header's, or no USR)
    std::string Shown;
  };

  /// What the walk of one function gathers.
  struct FunctionScan {
    const FunctionDecl &FD;
    bool Coroutine; ///< its direct blocking calls are findings
    bool Summarize; ///< it gets a summary
    FunctionSummary Summary;
    CoroutineCalls Found;
  };

  const Callee &calleeOf(const FunctionDecl &FD) {
    auto [It, Inserted] = Callees.try_emplace(&FD);
    if (Inserted && !SM.isInSystemHeader(FD.getLocation())) {
      It->second.Key = keyOf(FD, Keys);
      It->second.Shown = displayName(FD);
    }
    return It->second;
  }

  void scanFunction(const FunctionDecl &FD) {
    auto OnClass = [&](const CXXRecordDecl &Class) { Functions.addClass(Class); };
    // A synchronous generator's body runs in its caller, a helper's.
    const bool Coroutine = isCoroutine(FD) && !isSynchronousGenerator(FD);
    // A template's pattern is summarised through its instantiations, where
    // its calls resolve; a coroutine's pattern still has findings of its own
    // (calls that do not depend on the template's parameters).
    const bool Summarize = WithSummary && !FD.isDependentContext() && !calleeOf(FD).Key.empty();
    if (!Coroutine && !Summarize) {
      // Nothing to report here, but lambdas and local classes written in it
      // are functions of their own, coroutines among them.
      CallVisitor Discover;
      Discover.Class = OnClass;
      forEachCallOnThisThread(FD, Discover);
      return;
    }
    FunctionScan Scan{FD, Coroutine, Summarize, {}, CoroutineCalls{&FD, {}}};
    if (Summarize) {
      const Callee &Self = calleeOf(FD);
      Scan.Summary.Key = Self.Key;
      Scan.Summary.Name = Self.Shown;
      Scan.Summary.At = ToLocation(FD.getLocation());
      Scan.Summary.IsCoroutine = Coroutine;
      Scan.Summary.HasBody = true;
      Scan.Summary.StopsChain = Classifier.isAllowed(FD);
    }

    auto VisitCall = [&](const Expr &Call, const CallContext &Where) {
      visitCall(Scan, Call, Where);
    };
    auto VisitDestructor = [&](const CXXDestructorDecl &Destructor, const CallContext &Where) {
      visitDestructor(Scan, Destructor, Where);
    };
    auto RunsCallables = [&](const CallExpr &Call) { return Classifier.runsCallables(Call); };
    CallVisitor Visitor;
    Visitor.Call = VisitCall;
    Visitor.Destructor = VisitDestructor;
    Visitor.Class = OnClass;
    Visitor.RunsCallables = RunsCallables;
    forEachCallOnThisThread(FD, Visitor);

    if (Summarize)
      Result.Summary.Functions.push_back(std::move(Scan.Summary));
    if (!Scan.Found.Calls.empty())
      Result.Coroutines.push_back(std::move(Scan.Found));
  }

  void visitCall(FunctionScan &Scan, const Expr &Call, const CallContext &Where) {
    if (Call.containsErrors())
      return; // nothing is derived from a broken AST
    // An implicit call is shown where it runs (Where.ShowAt).
    auto ShownAt = [&] {
      return SM.getFileLoc(Where.ShowAt.isValid() ? Where.ShowAt : Call.getBeginLoc());
    };
    if (std::optional<Classification> What = Classifier.classify(Call, Ctx, Where.ResultUnused)) {
      addBlockingCall(Scan, std::move(*What), ShownAt(), &Call, Where);
      return;
    }
    if (!Scan.Summarize)
      return;
    // Most calls are to the library's functions, which have no summary:
    // that is asked first, as it is the cheapest to know.
    const FunctionDecl *Target = directCallee(Call);
    if (!Target || Where.InvokesInlineLambda || calleeOf(*Target).Key.empty() ||
        mayDispatch(Call, *Target))
      return;
    addCallSite(Scan, *Target, ShownAt());
  }

  /// A destructor runs its members' and bases' destructors too (the walk of
  /// its body reports them), and a virtual one runs the static type's among
  /// others: the edge is sound either way.
  void visitDestructor(FunctionScan &Scan, const CXXDestructorDecl &Destructor,
                       const CallContext &Where) {
    SourceLocation Loc = SM.getFileLoc(Where.ShowAt);
    if (std::optional<Classification> What = Classifier.classifyImplicitCall(Destructor)) {
      addBlockingCall(Scan, std::move(*What), Loc, nullptr, Where);
      return;
    }
    if (Scan.Summarize)
      addCallSite(Scan, Destructor, Loc);
  }

  void addBlockingCall(FunctionScan &Scan, Classification What, SourceLocation Loc,
                       const Expr *Call, const CallContext &Where) {
    if (Scan.Summarize)
      Scan.Summary.Blocks.push_back({checkName(What.TheCategory), What.Name, ToLocation(Loc)});
    if (Scan.Coroutine)
      Scan.Found.Calls.push_back({&Scan.FD, Call, Loc, std::move(What), Where});
  }

  void addCallSite(FunctionScan &Scan, const FunctionDecl &Target, SourceLocation Loc) {
    const Callee &C = calleeOf(Target);
    if (!C.Key.empty())
      Scan.Summary.Calls.push_back({C.Key, C.Shown, ToLocation(Loc)});
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  CallClassifier &Classifier;
  LocationConverter ToLocation;
  const bool WithSummary;
  const FunctionKeys Keys;
  FunctionDiscovery Functions;
  llvm::DenseMap<const FunctionDecl *, Callee> Callees;
  UnitScan Result;
};

} // namespace

UnitScan scanUnit(ASTContext &Ctx, CallClassifier &Classifier, bool WithSummary,
                  FunctionKeys Keys) {
  return UnitScanner(Ctx, Classifier, WithSummary, Keys).run();
}

UnitSummary summarizeUnit(ASTContext &Ctx, CallClassifier &Classifier) {
  return scanUnit(Ctx, Classifier, /*WithSummary=*/true).Summary;
}

} // namespace corolint
