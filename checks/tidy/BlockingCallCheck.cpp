//===- BlockingCallCheck.cpp ----------------------------------------------===//
#include "BlockingCallCheck.h"
#include "CoroutineAnalysis.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace corolint::tidy {

static ClassifierOptions makeOptions(llvm::StringRef Allowed, bool FlagMutexLock,
                                     llvm::StringRef Blocking) {
  ClassifierOptions O;
  O.AllowedFunctions = ClassifierOptions::parseNameList(Allowed);
  O.FlagMutexLock = FlagMutexLock;
  O.BlockingFunctions = ClassifierOptions::parseBlockingFunctions(Blocking);
  return O;
}

// The host clang-tidy does not export OptionsView's bool instantiations, so
// booleans are read as strings, accepting what clang-tidy itself accepts.
static bool parseBool(llvm::StringRef Text) {
  return Text.equals_insensitive("true") || Text == "1" ||
         Text.equals_insensitive("on") || Text.equals_insensitive("yes");
}

BlockingCallCheck::BlockingCallCheck(llvm::StringRef Name,
                                     clang::tidy::ClangTidyContext *Context,
                                     Category TheCategory)
    : ClangTidyCheck(Name, Context), TheCategory(TheCategory),
      // Global forms let one line in .clang-tidy serve all nine checks.
      AllowedFunctionsText(Options.getLocalOrGlobal("AllowedFunctions", "")),
      FlagMutexLock(parseBool(Options.getLocalOrGlobal("FlagMutexLock", "false"))),
      BlockingFunctionsText(Options.getLocalOrGlobal("BlockingFunctions", "")),
      Classifier(makeOptions(AllowedFunctionsText, FlagMutexLock,
                             BlockingFunctionsText)) {}

void BlockingCallCheck::storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AllowedFunctions", AllowedFunctionsText);
  if (TheCategory == Category::Sync)
    Options.store(Opts, "FlagMutexLock", FlagMutexLock ? "true" : "false");
  if (TheCategory == Category::Call)
    Options.store(Opts, "BlockingFunctions", BlockingFunctionsText);
}

void BlockingCallCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), hasBody(coroutineBodyStmt())).bind("coroutine"),
      this);
}

void BlockingCallCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Coroutine = Result.Nodes.getNodeAs<FunctionDecl>("coroutine");
  if (!Coroutine)
    return;
  const SourceManager &SM = *Result.SourceManager;
  findBlockingCalls(*Coroutine, Classifier, *Result.Context,
                    [&](const BlockingCallFinding &F) {
    if (F.What.TheCategory != TheCategory)
      return;
    // A template's instantiations share their pattern's locations.
    if (!Reported.insert(F.Loc.getRawEncoding()).second)
      return;
    diag(F.Loc, "%0") << findingMessage(F);
    diag(coroutineLocation(*Coroutine, SM), "coroutine %0 starts here",
         DiagnosticIDs::Note)
        << coroutineDisplayName(*Coroutine);
  });
}

} // namespace corolint::tidy
