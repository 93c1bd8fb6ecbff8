//===- UnitAnalysis.cpp ----------------------------------------===//
#include "UnitAnalysis.h"
#include "BlockingClosure.h"
#include "CoroutineAnalysis.h"
#include "CoroutineWalker.h"
#include "Locations.h"
#include "UnitScan.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang;

namespace corolint {

namespace {
Edit toEdit(const TextEdit &E, const SourceManager &SM, const LangOptions &LO) {
  CharSourceRange R = E.Range;
  if (R.isTokenRange())
    R = Lexer::getAsCharRange(R, SM, LO);
  Location Begin = toLocation(R.getBegin(), SM);
  Edit Out;
  Out.File = Begin.File;
  Out.Offset = Begin.Offset;
  Out.Length = SM.getFileOffset(R.getEnd()) - Begin.Offset;
  Out.Text = E.Text;
  return Out;
}
} // namespace

ParsedUnitResult analyzeParsedUnit(ASTContext &Ctx,
                                             const AnalysisOptions &Options) {
  ParsedUnitResult Result;
  const SourceManager &SM = Ctx.getSourceManager();
  CallClassifier Classifier(Options.Classifier);

  // One walk of each function gives the findings and the summaries.
  UnitScan Scan =
      scanUnit(Ctx, Classifier, Options.isEnabled(TransitiveCheckName));
  auto Reportable = [&](const BlockingCallFinding &BF) {
    return Options.isEnabled(checkName(BF.What.TheCategory)) && !SM.isInSystemHeader(BF.Loc);
  };
  // The fixes are decided together: nested calls get one fix between them.
  // (Checks configured with other fix options are analysed in a run of
  // their own; a nested call of theirs may then get a fix of its own, which
  // the fix applier skips if it overlaps.)
  std::vector<const BlockingCallFinding *> Fixable;
  for (const CoroutineCalls &C : Scan.Coroutines)
    for (const BlockingCallFinding &BF : C.Calls)
      if (Reportable(BF))
        Fixable.push_back(&BF);
  FixPlan Fixes(Fixable, Ctx, Options.Fixes);

  llvm::DenseSet<unsigned> Reported;
  for (const CoroutineCalls &C : Scan.Coroutines) {
    const FunctionDecl *Coroutine = C.Coroutine;
    for (const BlockingCallFinding &BF : C.Calls) {
      if (!Reportable(BF))
        continue;
      if (!Reported.insert(BF.Loc.getRawEncoding()).second)
        continue;
      Finding F;
      F.Check = checkName(BF.What.TheCategory);
      F.At = toLocation(BF.Loc, SM);
      F.Message = findingMessage(BF);
      F.Coroutine = coroutineDisplayName(*Coroutine);
      F.Callee = BF.What.Name;
      F.Notes.push_back({toLocation(coroutineLocation(*Coroutine, SM), SM),
                         "coroutine " + F.Coroutine + " starts here"});
      // A call inside another's fix is fixed by it: both carry that fix.
      if (const FixIt *Fix = Fixes.fixCovering(BF)) {
        for (const TextEdit &E : Fix->Edits)
          F.Fix.push_back(toEdit(E, SM, Ctx.getLangOpts()));
        // Every fix carries the #includes it needs, so that it is whole on
        // its own (an editor's quick fix, a fix whose neighbour is
        // suppressed); the fix applier merges the identical insertions.
        FileID File = SM.getFileID(BF.Loc);
        for (const std::string &Header : Fix->Headers)
          if (auto Include = includeInsertion(File, Header, SM))
            F.Fix.push_back(toEdit(*Include, SM, Ctx.getLangOpts()));
      }
      Result.Findings.push_back(std::move(F));
    }
  }
  Result.Summary = std::move(Scan.Summary);
  return Result;
}

} // namespace corolint
