//===- FixRewrite.h - The rewrite of one blocking call ----------*- C++ -*-===//
//
// Internal to the fix-its (FixIts.h is their interface): the rewrite of one
// call into an awaitable (FixRewrite.cpp), which the plan of a unit's fixes
// (FixPlan.cpp) asks for each call, innermost first, handing it the rewrites
// of the calls nested in its arguments.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_FIXREWRITE_H
#define COROLINT_ENGINE_FIXREWRITE_H

#include "FixIts.h"
#include "clang/Basic/SourceLocation.h"
#include <optional>
#include <string>
#include <vector>

namespace corolint {

/// A stretch of one file's text, in byte offsets.
struct FileSpan {
  clang::FileID File;
  unsigned Begin = 0, End = 0;

  bool contains(const FileSpan &O) const {
    return File == O.File && Begin <= O.Begin && O.End <= End;
  }
};

/// A rewrite already decided inside a call's text: a nested call's fix.
struct InnerEdit {
  FileSpan Span;
  std::string Text;
  std::vector<std::string> Headers;
};

/// The rewrite of one call, before it becomes a FixIt.
struct Rewrite {
  std::string Text;
  std::vector<std::string> Headers;
};

/// The file text R covers, if it is one stretch of one file. An argument that
/// is a whole macro use (`MSG_NOSIGNAL`) is fine; text that does not map to
/// one stretch of a file (part of a macro's expansion) is not.
std::optional<FileSpan> fileSpan(clang::SourceRange R, const clang::ASTContext &Ctx);

/// True if FD is, or is written inside, an instantiation of a template: its
/// text is the pattern's, shared by every instantiation.
bool isInInstantiation(const clang::FunctionDecl &FD);

/// The rewrite of F's call, with the rewrites of the findings nested in its
/// arguments (Inner, sorted) applied; nullopt where no fix would be correct.
std::optional<Rewrite> rewriteOf(const BlockingCallFinding &F, clang::ASTContext &Ctx,
                                 const FixOptions &Options, llvm::ArrayRef<InnerEdit> Inner);

/// The fix replacing Span's text with R's.
FixIt toFixIt(const FileSpan &Span, Rewrite R, const clang::SourceManager &SM);

} // namespace corolint

#endif
