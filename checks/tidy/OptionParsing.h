//===- OptionParsing.h - Option values shared by the checks -----*- C++ -*-===//
#ifndef COROLINT_TIDY_OPTIONPARSING_H
#define COROLINT_TIDY_OPTIONPARSING_H

#include "CallClassifier.h"
#include "llvm/ADT/StringRef.h"

namespace corolint::tidy {

/// The host clang-tidy does not export OptionsView's bool instantiations, so
/// booleans are read as strings, accepting what clang-tidy itself accepts.
inline bool parseBool(llvm::StringRef Text) {
  return Text.equals_insensitive("true") || Text == "1" ||
         Text.equals_insensitive("on") || Text.equals_insensitive("yes");
}

inline ClassifierOptions makeClassifierOptions(llvm::StringRef Allowed,
                                               bool FlagMutexLock,
                                               llvm::StringRef Blocking) {
  ClassifierOptions O;
  O.AllowedFunctions = ClassifierOptions::parseNameList(Allowed);
  O.FlagMutexLock = FlagMutexLock;
  O.BlockingFunctions = ClassifierOptions::parseBlockingFunctions(Blocking);
  return O;
}

} // namespace corolint::tidy

#endif
