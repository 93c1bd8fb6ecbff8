//===- Suppressions.h - NOLINT comments, as clang-tidy reads them -*- C++ -*-===//
//
// The clang-tidy module gets NOLINT handling from clang-tidy itself; the
// command and the language server build findings as data, chains across
// files included, so they apply the same comments to that data: NOLINT on
// the finding's line, NOLINTNEXTLINE on the line before, NOLINTBEGIN /
// NOLINTEND around it; each bare (every check) or with a comma-separated
// list of check globs, e.g. NOLINT(corolint-blocking-*). The module reads
// them with the same parser to know which of its fixes clang-tidy drops
// (the #include such a fix carries must then go with the next one).
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_SUPPRESSIONS_H
#define COROLINT_ENGINE_SUPPRESSIONS_H

#include "Findings.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace corolint {

/// The text of a file, or nullptr when it cannot be read (its findings stay).
using ContentLookup = llvm::function_ref<const std::string *(llvm::StringRef File)>;

/// One file's NOLINT comments, read once.
class SuppressionIndex {
public:
  explicit SuppressionIndex(llvm::StringRef Content);

  /// Whether a comment suppresses \p Check on line \p Line (1-based).
  bool suppresses(unsigned Line, llvm::StringRef Check) const;

private:
  struct Region {
    unsigned First, Last; // 1-based lines of the BEGIN and the END markers
    std::optional<std::string> Checks;
  };
  /// The lines that mention NOLINT, by 1-based number, in order: most lines
  /// do not, and are never looked at again. Into the content, which must
  /// outlive this.
  std::vector<std::pair<unsigned, llvm::StringRef>> MarkedLines;
  std::vector<Region> Regions;
};

/// Removes the findings a NOLINT comment suppresses; returns how many.
size_t dropSuppressed(std::vector<Finding> &Findings, ContentLookup ContentOf);

/// Whether a NOLINT comment in \p Content suppresses \p Check on line \p Line
/// (1-based). Exposed for the unit tests.
bool isSuppressed(llvm::StringRef Content, unsigned Line, llvm::StringRef Check);

} // namespace corolint

#endif
