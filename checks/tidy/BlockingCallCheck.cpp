//===- BlockingCallCheck.cpp ----------------------------------------------===//
#include "BlockingCallCheck.h"
#include "CoroutineAnalysis.h"
#include "OptionParsing.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <vector>

using namespace clang;
using namespace clang::ast_matchers;

namespace corolint::tidy {


BlockingCallCheck::BlockingCallCheck(llvm::StringRef Name,
                                     clang::tidy::ClangTidyContext *Context,
                                     Category TheCategory)
    : ClangTidyCheck(Name, Context), TheCategory(TheCategory),
      // Global forms let one line in .clang-tidy serve all nine checks.
      AllowedFunctionsText(Options.getLocalOrGlobal("AllowedFunctions", "")),
      FlagMutexLock(parseBool(Options.getLocalOrGlobal("FlagMutexLock", "false"))),
      BlockingFunctionsText(Options.getLocalOrGlobal("BlockingFunctions", "")),
      OffloadFixes(parseBool(Options.getLocalOrGlobal("OffloadFixes", "false"))),
      ReplacementsText(Options.getLocalOrGlobal("Replacements", "")),
      ReplacementHeader(Options.getLocalOrGlobal("ReplacementHeader", "")),
      FixCoroutineTypesText(Options.getLocalOrGlobal("FixCoroutineTypes", "corio::task")),
      Classifier(makeClassifierOptions(AllowedFunctionsText, FlagMutexLock,
                             BlockingFunctionsText)) {
  Fixes.OffloadFixes = OffloadFixes;
  Fixes.Replacements = ClassifierOptions::parseBlockingFunctions(ReplacementsText);
  Fixes.ReplacementHeader = ReplacementHeader;
  Fixes.CoroutineTypes = FixOptions::parseList(FixCoroutineTypesText);
}

void BlockingCallCheck::storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AllowedFunctions", AllowedFunctionsText);
  if (TheCategory == Category::Sync)
    Options.store(Opts, "FlagMutexLock", FlagMutexLock ? "true" : "false");
  if (TheCategory == Category::Call)
    Options.store(Opts, "BlockingFunctions", BlockingFunctionsText);
  Options.store(Opts, "OffloadFixes", OffloadFixes ? "true" : "false");
  Options.store(Opts, "Replacements", ReplacementsText);
  Options.store(Opts, "ReplacementHeader", ReplacementHeader);
  Options.store(Opts, "FixCoroutineTypes", FixCoroutineTypesText);
}

void BlockingCallCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), hasBody(coroutineBodyStmt())).bind("coroutine"),
      this);
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

/// Each coroutine's blocking calls, found once per translation unit for all
/// nine checks that share the classifier's options (the usual case): each
/// check keeps its own category, so a body is walked once, not nine times.
/// Keyed by the options' text, then the coroutine.
using CoroutineFindings =
    llvm::DenseMap<const FunctionDecl *, std::vector<BlockingCallFinding>>;
static llvm::StringMap<CoroutineFindings> &walkedCoroutines() {
  static llvm::StringMap<CoroutineFindings> Walked;
  return Walked;
}

void BlockingCallCheck::onStartOfTranslationUnit() {
  // Every check clears the same sets before any check runs: idempotent.
  Reported.clear();
  includedHeaders().clear();
  walkedCoroutines().clear();
}

const std::vector<BlockingCallFinding> &
BlockingCallCheck::blockingCallsOf(const FunctionDecl &Coroutine, ASTContext &Ctx) {
  std::string OptionsKey = AllowedFunctionsText + '\0' + (FlagMutexLock ? "1" : "0") + '\0' +
                           BlockingFunctionsText;
  auto [It, Inserted] = walkedCoroutines()[OptionsKey].try_emplace(&Coroutine);
  if (Inserted)
    findBlockingCalls(Coroutine, Classifier, Ctx,
                      [&](const BlockingCallFinding &F) { It->second.push_back(F); });
  return It->second;
}

void BlockingCallCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Coroutine = Result.Nodes.getNodeAs<FunctionDecl>("coroutine");
  if (!Coroutine)
    return;
  const SourceManager &SM = *Result.SourceManager;
  for (const BlockingCallFinding &F : blockingCallsOf(*Coroutine, *Result.Context)) {
    if (F.What.TheCategory != TheCategory)
      continue;
    // A template's instantiations share their pattern's locations.
    if (!Reported.insert(F.Loc.getRawEncoding()).second)
      continue;
    {
      auto Diag = diag(F.Loc, "%0") << findingMessage(F);
      if (std::optional<FixIt> Fix = makeFixIt(F, *Result.Context, Fixes)) {
        for (const TextEdit &E : Fix->Edits)
          Diag << FixItHint::CreateReplacement(E.Range, E.Text);
        FileID File = SM.getFileID(F.Loc);
        if (!Fix->Header.empty() &&
            includedHeaders().insert({File.getHashValue(), internHeader(Fix->Header)}).second)
          if (auto Include = includeInsertion(File, Fix->Header, SM))
            Diag << FixItHint::CreateInsertion(Include->Range.getBegin(), Include->Text);
      }
    }
    diag(coroutineLocation(*Coroutine, SM), "coroutine %0 starts here",
         DiagnosticIDs::Note)
        << coroutineDisplayName(*Coroutine);
  }
}

} // namespace corolint::tidy
