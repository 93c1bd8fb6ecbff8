//===- BlockingCallCheck.h - corolint-blocking-<category> -------*- C++ -*-===//
//
// One check class serves the nine category checks: each instance reports the
// blocking calls of its own category (see docs/checks/). The analysis itself
// lives in the engine, shared with the corolint command.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TIDY_BLOCKINGCALLCHECK_H
#define COROLINT_TIDY_BLOCKINGCALLCHECK_H

#include "BlockingApi.h"
#include "CallClassifier.h"
#include "CoroutineAnalysis.h"
#include "FixIts.h"
#include "Options.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>

namespace corolint::tidy {

class BlockingCallCheck : public clang::tidy::ClangTidyCheck {
public:
  BlockingCallCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context,
                    Category TheCategory);

  bool isLanguageVersionSupported(const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus && LangOpts.Coroutines;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;

private:
  clang::tidy::ClangTidyContext &TidyContext;
  const Category TheCategory;
  const OptionValues Values;
  FixOptions Fixes;
};

} // namespace corolint::tidy

#endif
