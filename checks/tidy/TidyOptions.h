//===- TidyOptions.h - The options description through clang-tidy -*- C++ -*-===//
//
// clang-tidy's side of Options.h: the lookup every check reads its options
// with, and the store its --dump-config writes them back with. Both go
// through the same OptionsView, under the same names, so what a check
// writes reads back to the same values.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TIDY_TIDYOPTIONS_H
#define COROLINT_TIDY_TIDYOPTIONS_H

#include "Options.h"
#include "clang-tidy/ClangTidyCheck.h"

namespace corolint::tidy {

/// Every option, under the check's name, then globally.
inline OptionValues readOptions(const clang::tidy::ClangTidyCheck::OptionsView &Options) {
  return OptionValues::read([&](llvm::StringRef Name) { return Options.getLocalOrGlobal(Name); });
}

/// The options Check reads, under its name.
inline void storeCheckOptions(const OptionValues &Values, CheckSet Check,
                              const clang::tidy::ClangTidyCheck::OptionsView &Options,
                              clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Values.store(Check, [&](llvm::StringRef Name, llvm::StringRef Value) {
    Options.store(Opts, Name, Value);
  });
}

} // namespace corolint::tidy

#endif
