//===- Checks.h - The corolint checks and their categories ------*- C++ -*-===//
//
// The table of checks, read from Checks.def: one check per category of
// blocking calls and the transitive check. Everything that lists checks (the
// module's registration, the command's configuration, SARIF's rules) reads
// this table, so a category added to Checks.def reaches all of them.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_CHECKS_H
#define COROLINT_ENGINE_CHECKS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace corolint {

/// One category per check (`corolint-blocking-<category>`).
enum class Category {
#define COROLINT_CATEGORY(Enumerator, Name, Description) Enumerator,
#include "Checks.def"
};

inline constexpr unsigned NumCategories = 0
#define COROLINT_CATEGORY(Enumerator, Name, Description) +1 // NOLINT(bugprone-macro-parentheses)
#include "Checks.def"
    ;

struct CheckInfo {
  const char *Name;        ///< "sleep", as in the check name
  const char *CheckName;   ///< "corolint-blocking-sleep"
  const char *Description; ///< one line, the SARIF rule's text
  const char *DocsPage;    ///< "blocking-sleep.md", in docs/checks/
};

namespace detail {
#define COROLINT_CHECK_INFO(Name, Description)                                                     \
  {Name, "corolint-blocking-" Name, Description, "blocking-" Name ".md"},
/// The categories' checks in Category order, then the transitive check.
inline constexpr CheckInfo CheckTable[] = {
#define COROLINT_CATEGORY(Enumerator, Name, Description) COROLINT_CHECK_INFO(Name, Description)
#include "Checks.def"
#define COROLINT_TRANSITIVE_CHECK(Name, Description) COROLINT_CHECK_INFO(Name, Description)
#include "Checks.def"
};
#undef COROLINT_CHECK_INFO
static_assert(std::size(CheckTable) == NumCategories + 1, "one transitive check");
} // namespace detail

/// Every corolint check: the categories' in Category order, then the
/// transitive check.
constexpr llvm::ArrayRef<CheckInfo> allChecks() { return detail::CheckTable; }

constexpr const CheckInfo &checkInfo(Category C) {
  return detail::CheckTable[static_cast<unsigned>(C)];
}

/// The check that reports the chains the summaries give.
inline constexpr const char *TransitiveCheckName = detail::CheckTable[NumCategories].CheckName;

/// "sleep", "socket", ... as used in the check names.
inline llvm::StringRef categoryName(Category C) { return checkInfo(C).Name; }

inline std::optional<Category> parseCategory(llvm::StringRef Name) {
  for (unsigned I = 0; I < NumCategories; ++I)
    if (Name == detail::CheckTable[I].Name)
      return static_cast<Category>(I);
  return std::nullopt;
}

/// The check called CheckName ("corolint-blocking-sleep"), or null.
inline const CheckInfo *findCheck(llvm::StringRef CheckName) {
  for (const CheckInfo &Info : allChecks())
    if (CheckName == Info.CheckName)
      return &Info;
  return nullptr;
}

} // namespace corolint

#endif
