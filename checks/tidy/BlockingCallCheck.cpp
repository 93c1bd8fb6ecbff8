//===- BlockingCallCheck.cpp ----------------------------------------------===//
#include "BlockingCallCheck.h"
#include "CoroutineAnalysis.h"
#include "FindingDiagnostics.h"
#include "Reporting.h"
#include "SharedScan.h"
#include "Suppressions.h"
#include "TidyOptions.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include <optional>

using namespace clang;
using namespace clang::ast_matchers;

namespace corolint::tidy {

BlockingCallCheck::BlockingCallCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context,
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

/// The NOLINT comments of the unit's files, read once each. Shared by the
/// nine checks, like includedHeaders().
static llvm::DenseMap<unsigned, std::optional<SuppressionIndex>> &suppressionIndexes() {
  static llvm::DenseMap<unsigned, std::optional<SuppressionIndex>> Indexes;
  return Indexes;
}

/// True if a NOLINT comment suppresses \p Check at \p Loc, as clang-tidy
/// reads them (the parser the command uses). clang-tidy drops a suppressed
/// diagnostic with its fix, so the #include such a fix carries must go with
/// the next fix too. A file that cannot be read counts as suppressed: at
/// worst the #include is added twice.
static bool isSuppressedAt(SourceLocation Loc, llvm::StringRef Check, const SourceManager &SM) {
  auto [File, Offset] = SM.getDecomposedLoc(SM.getFileLoc(Loc));
  auto [It, Inserted] = suppressionIndexes().try_emplace(File.getHashValue());
  if (Inserted) {
    bool Invalid = false;
    llvm::StringRef Buffer = SM.getBufferData(File, &Invalid);
    if (!Invalid)
      It->second.emplace(Buffer);
  }
  const std::optional<SuppressionIndex> &Index = It->second;
  return !Index || Index->suppresses(SM.getLineNumber(File, Offset), Check);
}

void BlockingCallCheck::onStartOfTranslationUnit() {
  // Every check clears the same state before any check runs: idempotent.
  includedHeaders().clear();
  suppressionIndexes().clear();
  forgetSharedScans();
}

void BlockingCallCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  SourceManager &SM = *Result.SourceManager;
  const UnitScan &Scan =
      sharedScan(Ctx, Values, /*WithSummary=*/TidyContext.isCheckEnabled(TransitiveCheckName));
  bool AnyOfMine = false;
  for (const CoroutineCalls &C : Scan.Coroutines)
    for (const BlockingCallFinding &F : C.Calls)
      AnyOfMine |= F.What.TheCategory == TheCategory;
  if (!AnyOfMine) {
    skipMatcherTraversalIfAlone(Ctx, TidyContext);
    return;
  }
  // Each check decides the fixes of every enabled check's findings with its
  // own fix options: checks configured with different ones may still give
  // nested calls two fixes, which clang-tidy then applies one at a time.
  auto IsEnabled = [&](llvm::StringRef Check) { return TidyContext.isCheckEnabled(Check); };
  auto Mine = [&](Category C) { return C == TheCategory; };
  ReportPolicy Policy;
  Policy.IsEnabled = IsEnabled;
  Policy.Returns = Mine;
  Policy.Fixes = &Fixes;
  Policy.CoveredCallsShareFix = false;
  // clang-tidy --fix would insert an #include once per diagnostic that
  // carries it: only the first fix in a file does (and the ones before it
  // that a NOLINT suppresses), unless diagnostics must stand alone
  // (clangd), as upstream's IncludeInserter does.
  auto CarriesInclude = [&](FileID File, llvm::StringRef Header, SourceLocation At) {
    std::pair<unsigned, llvm::StringRef> Key{File.getHashValue(), internHeader(Header)};
    if (!areDiagsSelfContained() && includedHeaders().contains(Key))
      return false;
    if (!isSuppressedAt(At, checkName(TheCategory), SM))
      includedHeaders().insert(Key);
    return true;
  };
  Policy.CarriesInclude = CarriesInclude;
  FindingDiagnostics Diagnostics(*this, SM);
  for (const Finding &F : reportDirectFindings(Scan, Ctx, Policy))
    Diagnostics.emit(F);
  skipMatcherTraversalIfAlone(Ctx, TidyContext);
}

} // namespace corolint::tidy
