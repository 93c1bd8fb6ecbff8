//===- Reporting.cpp ------------------------------------------------------===//
#include "Reporting.h"
#include "CoroutineAnalysis.h"
#include "Locations.h"
#include "Wording.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace corolint {

namespace {
Edit toEdit(const TextEdit &E, const SourceManager &SM, const LangOptions &LO,
            LocationConverter &ToLocation) {
  CharSourceRange R = E.Range;
  if (R.isTokenRange())
    R = Lexer::getAsCharRange(R, SM, LO);
  Location Begin = ToLocation(R.getBegin());
  Edit Out;
  Out.File = Begin.File;
  Out.Offset = Begin.Offset;
  Out.Length = SM.getFileOffset(R.getEnd()) - Begin.Offset;
  Out.Text = E.Text;
  return Out;
}

void addFix(Finding &F, const FixIt &Fix, const BlockingCallFinding &BF, const ASTContext &Ctx,
            const ReportPolicy &Policy, LocationConverter &ToLocation) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const TextEdit &E : Fix.Edits)
    F.Fix.push_back(toEdit(E, SM, Ctx.getLangOpts(), ToLocation));
  FileID File = SM.getFileID(BF.Loc);
  for (const std::string &Header : Fix.Headers) {
    if (Policy.CarriesInclude && !Policy.CarriesInclude(File, Header, BF.Loc))
      continue;
    if (auto Include = includeInsertion(File, Header, SM))
      F.Fix.push_back(toEdit(*Include, SM, Ctx.getLangOpts(), ToLocation));
  }
}
} // namespace

std::vector<Finding> reportDirectFindings(const UnitScan &Scan, ASTContext &Ctx,
                                          const ReportPolicy &Policy) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto Reportable = [&](const BlockingCallFinding &BF) {
    return Policy.IsEnabled(checkName(BF.What.TheCategory)) && !SM.isInSystemHeader(BF.Loc);
  };
  auto Returned = [&](const BlockingCallFinding &BF) {
    return Policy.Returns ? Policy.Returns(BF.What.TheCategory) : Reportable(BF);
  };
  std::vector<Finding> Out;
  if (llvm::none_of(Scan.Coroutines,
                    [&](const CoroutineCalls &C) { return llvm::any_of(C.Calls, Returned); }))
    return Out; // no fixes to plan
  std::vector<const BlockingCallFinding *> Fixable;
  for (const CoroutineCalls &C : Scan.Coroutines)
    for (const BlockingCallFinding &BF : C.Calls)
      if (Reportable(BF))
        Fixable.push_back(&BF);
  static const FixOptions DefaultFixes;
  FixPlan Plan(Fixable, Ctx, Policy.Fixes ? *Policy.Fixes : DefaultFixes);

  LocationConverter ToLocation(SM);
  llvm::DenseSet<unsigned> Reported; // a template's instantiations share their locations
  for (const CoroutineCalls &C : Scan.Coroutines) {
    for (const BlockingCallFinding &BF : C.Calls) {
      if (!Returned(BF) || !Reported.insert(BF.Loc.getRawEncoding()).second)
        continue;
      Finding F;
      F.Check = checkName(BF.What.TheCategory);
      F.At = ToLocation(BF.Loc);
      F.Coroutine = displayName(*C.Coroutine);
      F.Message = blockingCallMessage(BF.What.Name, F.Coroutine, BF.What.Suggestion);
      F.Callee = BF.What.Name;
      F.Notes.push_back(
          {ToLocation(coroutineLocation(*C.Coroutine, SM)), coroutineStartsHere(F.Coroutine)});
      if (const FixIt *Fix = Policy.CoveredCallsShareFix ? Plan.fixCovering(BF) : Plan.fixFor(BF))
        addFix(F, *Fix, BF, Ctx, Policy, ToLocation);
      Out.push_back(std::move(F));
    }
  }
  return Out;
}

} // namespace corolint
