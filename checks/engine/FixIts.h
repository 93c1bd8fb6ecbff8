//===- FixIts.h - Rewrites of blocking calls into awaitables ----*- C++ -*-===//
//
// A fix is offered only where it compiles and keeps the meaning: never in a
// macro, a catch handler, a static initializer or a lambda called in place;
// never where the call's value is used but the awaitable's differs; only in
// coroutines whose type can await the target runtime's awaitables.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_FIXITS_H
#define COROLINT_ENGINE_FIXITS_H

#include "CoroutineAnalysis.h"
#include "clang/Basic/SourceLocation.h"
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
  std::vector<TextEdit> Edits;
  /// Header to include (e.g. `<corio/sleep.hpp>`), or "".
  std::string Header;
};

/// The fix for a finding, or nullopt where no fix would be correct.
std::optional<FixIt> makeFixIt(const BlockingCallFinding &F, clang::ASTContext &Ctx,
                               const FixOptions &Options);

/// The edit adding `#include <Header>` (or "Header", following the file's
/// style for corio's headers) after the last include before the file's
/// first declaration, in the fewest #if blocks (in a header, inside its
/// guard); never into a comment, a string or a declaration. Nullopt if the
/// file includes it, or corio/corio.hpp, already.
std::optional<TextEdit> includeInsertion(clang::FileID File, llvm::StringRef Header,
                                         const clang::SourceManager &SM);

} // namespace corolint

#endif
