//===- ValuesAtCall.h - What a local holds where a call reads it -*- C++ -*-===//
//
// Whether a call takes its non-blocking form often depends on a local
// variable: `int flags = MSG_DONTWAIT; recv(fd, b, n, flags);`, or
// `timeval tv{}; select(n, &r, nullptr, nullptr, &tv);`. What matters is the
// value the variable may hold at the call, not whether it ever changes:
// `flags = 0;` after the call, or a `timeval` that `select` itself rewrites,
// leave the call's form as it was.
//
// The answer is a sound over-approximation computed from the function's
// statements in order, with their nesting: the initializer and every plain
// assignment that can reach the call (before it, or after it inside a loop
// around it), where an assignment that runs whenever the call runs (not under
// a branch the call is not under) hides the ones before it. Anything else that
// may change the variable (++, |=, its address or a reference handed to
// another call, a lambda that writes it) before the call makes it unknown.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_VALUESATCALL_H
#define COROLINT_ENGINE_VALUESATCALL_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>

namespace clang {
class ASTContext;
class DeclRefExpr;
class Expr;
class ExprMutationAnalyzer;
class Stmt;
class VarDecl;
} // namespace clang

namespace corolint {

/// One mutation analysis per function body, shared by every question asked
/// of it in a unit (each analyzer remembers its answers): a function with
/// many calls reading locals is analysed once, not once per call.
class MutationAnalyses {
public:
  explicit MutationAnalyses(clang::ASTContext &Ctx);
  ~MutationAnalyses();
  bool isMutated(const clang::DeclRefExpr &Ref, const clang::Stmt &Body);
  clang::ASTContext &context() const { return Ctx; }

private:
  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::Stmt *, std::unique_ptr<clang::ExprMutationAnalyzer>> ByBody;
};

/// The expressions a local variable of the function may hold at Call: its
/// initializer and the right-hand sides of the assignments that reach it.
/// Nullopt when something else may have changed it, or when Var is not a
/// local of a function with a body.
std::optional<llvm::SmallVector<const clang::Expr *, 4>>
valuesAtCall(const clang::VarDecl &Var, const clang::Expr &Call, MutationAnalyses &Mutations);

/// True if a local struct (a `timeval`, a `timespec`) certainly has every
/// field zero at Call: zero-initialized (`timeval tv{}`, `= {0, 0}`), cleared
/// with memset/bzero, or each field assigned zero, and nothing since that may
/// have made it otherwise.
bool isZeroAtCall(const clang::VarDecl &Var, const clang::Expr &Call, clang::ASTContext &Ctx,
                  MutationAnalyses &Mutations);

} // namespace corolint

#endif
