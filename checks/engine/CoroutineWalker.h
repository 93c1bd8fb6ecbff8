//===- CoroutineWalker.h - The code a coroutine runs itself -----*- C++ -*-===//
//
// Walks down a coroutine's body once and yields every call that runs on the
// coroutine's own thread. It stops at code that does not: the bodies of
// nested lambdas that are not invoked right there (they may be handed to a
// thread pool), local classes, blocks, and unevaluated operands (sizeof,
// decltype, noexcept, requires, typeid of a non-polymorphic operand).
// The operand of co_await is evaluated here, so it is walked.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_COROUTINEWALKER_H
#define COROLINT_ENGINE_COROUTINEWALKER_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/STLExtras.h"

namespace corolint {

/// True if FD is a function (or lambda call operator) whose body is a
/// coroutine body.
bool isCoroutine(const clang::FunctionDecl &FD);

/// Where a call sits, for the fix-its: a rewrite to `co_await` must keep
/// the expression's value and must be allowed where the call is.
struct CallContext {
  /// The call is a statement of its own (or cast to void): its value is unused.
  bool ResultUnused = false;
  /// Inside a catch handler, where co_await is not allowed.
  bool InCatch = false;
  /// In the initializer of a static or thread_local variable.
  bool InStaticInit = false;
  /// Inside a lambda called in place: a co_await there would make the
  /// lambda a coroutine of its own.
  bool InInlineLambda = false;
};

/// Calls Visit for each CallExpr and CXXConstructExpr that executes on the
/// thread running Fn's body (for a coroutine, the body its author wrote).
/// Lambdas defined inside Fn and invoked there are walked into; coroutines
/// are not (calling a coroutine only creates it). OnClass, if given, is
/// called for each class the walk passes without walking its code: lambdas'
/// closure types and local classes, whose functions are functions of their
/// own.
void forEachCallOnThisThread(
    const clang::FunctionDecl &Fn,
    llvm::function_ref<void(const clang::Expr &, const CallContext &)> Visit,
    llvm::function_ref<void(const clang::CXXRecordDecl &)> OnClass = nullptr);

/// The call operator of a lambda written inside Fn and called by E (which
/// the walker walks into, as Fn's own code), or null.
const clang::CXXMethodDecl *lambdaCalledInPlace(const clang::Expr &E,
                                                const clang::FunctionDecl &Fn);

/// The statement a coroutine's author wrote (the CoroutineBodyStmt's body),
/// or the function's body if it is not a coroutine.
const clang::Stmt *userBody(const clang::FunctionDecl &FD);

} // namespace corolint

#endif
