//===- CoroutineAnalysis.h - Blocking calls in one coroutine ----*- C++ -*-===//
//
// The engine every front end calls: the clang-tidy checks, the corolint
// command and the unit tests. Given a coroutine, it reports each blocking
// call on the coroutine's thread, where to show it and what to say.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_COROUTINEANALYSIS_H
#define COROLINT_ENGINE_COROUTINEANALYSIS_H

#include "CallClassifier.h"
#include "CoroutineWalker.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/STLExtras.h"
#include <string>

namespace clang {
class ASTContext;
class FunctionDecl;
class SourceManager;
} // namespace clang

namespace corolint {

struct BlockingCallFinding {
  const clang::FunctionDecl *Coroutine = nullptr;
  const clang::Expr *Call = nullptr;
  /// In the user's file: a call written through a macro is shown at the
  /// macro's use.
  clang::SourceLocation Loc;
  Classification What;
  CallContext Context;
};

/// How every finding names a coroutine or a helper: its qualified name as
/// the options spell it, so that it can be copied into AllowedFunctions or
/// BlockingFunctions (qualifiedName: "'net::Client::fetch'", inline
/// namespaces left out, template arguments too), or "lambda".
std::string displayName(const clang::FunctionDecl &FD);

/// Where to point at a coroutine in a note: its name, or a lambda's `[`.
clang::SourceLocation coroutineLocation(const clang::FunctionDecl &Coroutine,
                                        const clang::SourceManager &SM);

/// The check that reports a category: "corolint-blocking-sleep".
std::string checkName(Category C);

} // namespace corolint

#endif
