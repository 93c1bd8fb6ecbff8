//===- CoroutineWalker.h - The code a coroutine runs itself -----*- C++ -*-===//
//
// Walks down a coroutine's body once and yields every call that runs on the
// coroutine's own thread, written or implicit (destructors, the awaiter's
// methods, default arguments). It stops at code that does not run there: the
// bodies of nested lambdas that are not invoked right there (they may be
// handed to a thread pool), local classes, blocks, unevaluated operands
// (sizeof, decltype, noexcept, requires, typeid of a non-polymorphic
// operand), constant initializers and discarded `if constexpr` branches.
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

/// True if FD is a coroutine whose promise type deletes await_transform, as
/// std::generator's and cppcoro::generator's do: a synchronous generator,
/// which runs on the thread that iterates it and owns no event loop. It is
/// analysed as a helper of whoever calls it, not as a coroutine of its own.
bool isSynchronousGenerator(const clang::FunctionDecl &FD);

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
  /// The call invokes a lambda written in the walked function, whose body
  /// the walk then reports as that function's own code: no call to another.
  bool InvokesInlineLambda = false;
  /// Not written where it runs: a destructor at the end of a scope or of a
  /// full-expression, the awaiter's methods a co_await runs, a default
  /// argument or default member initializer. There is no text to rewrite.
  bool Implicit = false;
  /// Where an implicit call is shown (the variable, the co_await, the call
  /// whose default argument it is); invalid for calls shown where written.
  clang::SourceLocation ShowAt;
};

/// What a walk reports. Callbacks left empty are not called.
struct CallVisitor {
  /// A call expression (CallExpr or CXXConstructExpr) that runs here.
  llvm::function_ref<void(const clang::Expr &, const CallContext &)> Call;
  /// A destructor that runs here without a call expression of its own: a
  /// local variable's at the end of its scope, a temporary's, `delete`'s,
  /// and a destructor's members' and bases'. Reported after the calls.
  llvm::function_ref<void(const clang::CXXDestructorDecl &, const CallContext &)> Destructor;
  /// A class the walk passes without walking its code: a lambda's closure
  /// type, a local class. Their functions are functions of their own.
  llvm::function_ref<void(const clang::CXXRecordDecl &)> Class;
  /// True if the call runs the callables passed to it before it returns
  /// (std::for_each, std::invoke, ...): lambdas written here and passed to
  /// it are walked as code of this function.
  llvm::function_ref<bool(const clang::CallExpr &)> RunsCallables;
};

/// Reports every call that executes on the thread running Fn's body (for a
/// coroutine, the body its author wrote; for a constructor, its initializers
/// too). Lambdas defined inside Fn and invoked there are walked into;
/// coroutines are not (calling a coroutine only creates it).
void forEachCallOnThisThread(const clang::FunctionDecl &Fn, const CallVisitor &Visitor);

/// The statement a coroutine's author wrote (the CoroutineBodyStmt's body),
/// or the function's body if it is not a coroutine.
const clang::Stmt *userBody(const clang::FunctionDecl &FD);

} // namespace corolint

#endif
