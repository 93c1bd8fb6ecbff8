//===- BlockingCallCheck.cpp ----------------------------------------------===//
#include "BlockingCallCheck.h"
#include "CoroutineAnalysis.h"
#include "SharedScan.h"
#include "TidyOptions.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/StringSet.h"
#include <vector>

using namespace clang;
using namespace clang::ast_matchers;

namespace corolint::tidy {

BlockingCallCheck::BlockingCallCheck(llvm::StringRef Name,
                                     clang::tidy::ClangTidyContext *Context,
                                     Category TheCategory)
    : ClangTidyCheck(Name, Context), TidyContext(*Context), TheCategory(TheCategory),
      // Every option, the scan's too (a check configured differently gets a
      // scan of its own). Global forms let one line in .clang-tidy serve all
      // nine checks.
      Values(readOptions(Options)), Fixes(Values.fixOptions()) {}

void BlockingCallCheck::storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  storeCheckOptions(Values, checkBit(TheCategory), Options, Opts);
}

void BlockingCallCheck::registerMatchers(MatchFinder *Finder) {
  // The unit at once: its coroutines come from the scan the ten checks
  // share, which walks each function once (not clang-tidy's traversal).
  Finder->addMatcher(translationUnitDecl(), this);
}

/// Fix headers come from a small fixed set (the rewrite table and the
/// options), so they are interned for the lifetime of the process.
static llvm::StringRef internHeader(llvm::StringRef Header) {
  static llvm::StringSet<> Interned;
  return Interned.insert(Header).first->getKey();
}

/// (file, header) pairs whose #include a fix in this translation unit already
/// adds. Shared by the nine checks: clang-tidy would otherwise apply one
/// insertion per check that rewrites to the same header.
static llvm::DenseSet<std::pair<unsigned, llvm::StringRef>> &includedHeaders() {
  static llvm::DenseSet<std::pair<unsigned, llvm::StringRef>> Included;
  return Included;
}

/// True if a NOLINT comment may suppress a diagnostic at Loc: on its line,
/// NOLINTNEXTLINE on the line before, or a NOLINTBEGIN earlier in the file.
/// clang-tidy drops a suppressed diagnostic with its fix, so the #include
/// such a fix carries must go with the next fix too. (Erring towards "may"
/// at worst adds the #include twice.)
static bool maySuppress(SourceLocation Loc, const SourceManager &SM) {
  bool Invalid = false;
  auto [File, Offset] = SM.getDecomposedLoc(SM.getFileLoc(Loc));
  llvm::StringRef Buffer = SM.getBufferData(File, &Invalid);
  if (Invalid || Offset > Buffer.size())
    return true;
  llvm::StringRef Before = Buffer.take_front(Offset);
  const size_t LineStart = Before.rfind('\n') + 1; // 0 on the first line
  llvm::StringRef Line = Buffer.slice(LineStart, Buffer.find('\n', Offset));
  llvm::StringRef Previous;
  if (LineStart > 0) {
    llvm::StringRef Above = Before.take_front(LineStart - 1);
    Previous = Above.drop_front(Above.rfind('\n') + 1);
  }
  return Line.contains("NOLINT") || Previous.contains("NOLINTNEXTLINE") ||
         Before.contains("NOLINTBEGIN");
}

void BlockingCallCheck::onStartOfTranslationUnit() {
  // Every check clears the same state before any check runs: idempotent.
  Reported.clear();
  includedHeaders().clear();
  forgetSharedScans();
}

void BlockingCallCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = *Result.SourceManager;
  const UnitScan &Scan =
      sharedScan(Ctx, Values, /*WithSummary=*/TidyContext.isCheckEnabled(TransitiveCheckName));
  bool Mine = false;
  for (const CoroutineCalls &C : Scan.Coroutines)
    for (const BlockingCallFinding &F : C.Calls)
      Mine |= F.What.TheCategory == TheCategory;
  if (!Mine) {
    skipMatcherTraversalIfAlone(Ctx, TidyContext);
    return;
  }
  // The fixes of every enabled check's findings are decided together, so
  // that of two nested calls (reported by two checks, perhaps) one is fixed.
  // Each check decides with its own fix options: checks configured with
  // different ones may still give nested calls two fixes, which clang-tidy
  // then applies one at a time.
  std::vector<const BlockingCallFinding *> Fixable;
  for (const CoroutineCalls &C : Scan.Coroutines)
    for (const BlockingCallFinding &F : C.Calls)
      if (TidyContext.isCheckEnabled(checkName(F.What.TheCategory)) &&
          !SM.isInSystemHeader(F.Loc))
        Fixable.push_back(&F);
  FixPlan Plan(Fixable, Ctx, Fixes);
  for (const CoroutineCalls &C : Scan.Coroutines)
    for (const BlockingCallFinding &F : C.Calls)
      if (F.What.TheCategory == TheCategory)
        report(F, Plan.fixFor(F), SM);
  skipMatcherTraversalIfAlone(Ctx, TidyContext);
}

void BlockingCallCheck::report(const BlockingCallFinding &F, const FixIt *Fix,
                               const SourceManager &SM) {
  // A template's instantiations share their pattern's locations.
  if (!Reported.insert(F.Loc.getRawEncoding()).second)
    return;
  {
    auto Diag = diag(F.Loc, "%0") << findingMessage(F);
    if (Fix) {
      for (const TextEdit &E : Fix->Edits)
        Diag << FixItHint::CreateReplacement(E.Range, E.Text);
      // clang-tidy --fix would insert an #include once per diagnostic that
      // carries it: only the first fix in a file does (and the ones before
      // it that a NOLINT may suppress), unless diagnostics must stand alone
      // (clangd), as upstream's IncludeInserter does.
      FileID File = SM.getFileID(F.Loc);
      for (const std::string &Header : Fix->Headers) {
        std::pair<unsigned, llvm::StringRef> Key{File.getHashValue(), internHeader(Header)};
        if (!areDiagsSelfContained() && includedHeaders().contains(Key))
          continue;
        if (!maySuppress(F.Loc, SM))
          includedHeaders().insert(Key);
        if (auto Include = includeInsertion(File, Header, SM))
          Diag << FixItHint::CreateInsertion(Include->Range.getBegin(), Include->Text);
      }
    }
  }
  diag(coroutineLocation(*F.Coroutine, SM), "coroutine %0 starts here", DiagnosticIDs::Note)
      << coroutineDisplayName(*F.Coroutine);
}

} // namespace corolint::tidy
