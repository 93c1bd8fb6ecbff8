//===- BlockingTransitiveCheck.h - corolint-blocking-transitive -*- C++ -*-===//
//
// A coroutine calling a helper that blocks, at any depth, within the
// translation unit (headers included). One check for every category: the
// chain's last note names the category of the blocking call at its end.
// The corolint command runs the same analysis across files.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TIDY_BLOCKINGTRANSITIVECHECK_H
#define COROLINT_TIDY_BLOCKINGTRANSITIVECHECK_H

#include "Options.h"
#include "clang-tidy/ClangTidyCheck.h"

namespace corolint::tidy {

class BlockingTransitiveCheck : public clang::tidy::ClangTidyCheck {
public:
  BlockingTransitiveCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);

  bool isLanguageVersionSupported(const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus && LangOpts.Coroutines;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;

private:
  clang::tidy::ClangTidyContext &TidyContext;
  const OptionValues Values;
};

} // namespace corolint::tidy

#endif
