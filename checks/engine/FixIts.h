//===- FixIts.h - Rewrites of blocking calls into awaitables ----*- C++ -*-===//
//
// A fix is offered only where it compiles and keeps the meaning: never in a
// macro, a catch handler, a static initializer or a lambda called in place;
// never where the call's value is used but the awaitable's differs; only in
// coroutines whose type can await the target runtime's awaitables. The
// fixes of one unit are decided together (FixPlan): of two findings whose
// calls nest, one fix covers both, so that all of a unit's fixes apply in one
// pass.
//
// Written in three files: FixRewrite.cpp (one call's rewrite), FixPlan.cpp
// (a unit's fixes together) and IncludeInsertion.cpp (where a fix's #include
// goes).
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_FIXITS_H
#define COROLINT_ENGINE_FIXITS_H

#include "CoroutineAnalysis.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class LangOptions;
class SourceManager;
} // namespace clang

namespace corolint {

struct FixOptions {
  /// Also offer `co_await corio::offload([&] { ... })` for calls without a
  /// direct equivalent. Off by default: it moves work to another thread.
  bool OffloadFixes = false;
  /// API name -> rewrite template, overriding the corio defaults
  /// (`sleep=co_await myrt::sleep(std::chrono::seconds($0))`).
  std::vector<std::pair<std::string, std::string>> Replacements;
  /// The header the Replacements need ("" for none), e.g. `<myrt/sleep.hpp>`.
  std::string ReplacementHeader;
  /// Coroutine return types (class or class template names) that can await
  /// the rewrites' awaitables; elsewhere no fix is offered.
  std::vector<std::string> CoroutineTypes = {"corio::task"};

  static std::vector<std::string> parseList(llvm::StringRef Text);
};

struct TextEdit {
  clang::CharSourceRange Range;
  std::string Text;
};

struct FixIt {
  /// One edit: the call's text replaced.
  std::vector<TextEdit> Edits;
  /// Headers the new text needs (e.g. `<corio/sleep.hpp>`), each once.
  std::vector<std::string> Headers;
};

/// The fix for a finding on its own, as if no other finding's call were
/// nested in or around its call; nullopt where no fix would be correct.
/// Front ends use FixPlan, which decides nested findings together.
std::optional<FixIt> makeFixIt(const BlockingCallFinding &F, clang::ASTContext &Ctx,
                               const FixOptions &Options);

/// The fixes of a unit's findings, decided together:
///  - A template's instantiations share their pattern's text, so a call's fix
///    is the pattern's (made where the call does not depend on the template's
///    parameters), never one instantiation's.
///  - Where findings' calls nest (`send(fd, b, recv(...), 0)`, or the calls of
///    `std::cin >> a >> b`), the outermost call that has a fix gets it, and
///    the calls inside it get none: a direct rewrite keeps the arguments'
///    text with the inner calls' rewrites applied (`co_await corio::send(fd,
///    b, co_await corio::recv(...), 0)`); an offloaded call takes the calls
///    in its arguments to the pool with it. No two fixes overlap.
class FixPlan {
public:
  /// \p Findings: the findings the front end may report (those of enabled
  /// checks, outside system headers), all instantiations included.
  FixPlan(llvm::ArrayRef<const BlockingCallFinding *> Findings, clang::ASTContext &Ctx,
          const FixOptions &Options);

  /// The fix of one of those findings, or null.
  const FixIt *fixFor(const BlockingCallFinding &F) const;

  /// The fix that rewrites F's call: its own, or that of the finding whose
  /// call contains F's (which rewrites the calls in its arguments, or takes
  /// them to the pool); null if none does. Where findings are data (the
  /// corolint command), both findings then carry the same fix, which the fix
  /// applier applies once.
  const FixIt *fixCovering(const BlockingCallFinding &F) const;

private:
  llvm::DenseMap<const clang::Expr *, unsigned> FixOfCall;   // index into Fixes
  llvm::DenseMap<const clang::Expr *, unsigned> CoveringFix; // index into Fixes
  std::vector<FixIt> Fixes;
};

/// The edit adding `#include <Header>` (or "Header", following the file's
/// style for corio's headers) after the last include before the file's
/// first declaration, in the fewest #if blocks (in a header, inside its
/// guard); never into a comment, a string or a declaration. Nullopt if the
/// file includes it, or corio/corio.hpp, already.
std::optional<TextEdit> includeInsertion(clang::FileID File, llvm::StringRef Header,
                                         const clang::SourceManager &SM);

} // namespace corolint

#endif
