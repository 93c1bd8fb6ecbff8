//===- Options.h - The description of corolint's options --------*- C++ -*-===//
//
// One description (Options.def) of every option: its name, kind, default,
// the checks that read it and its documentation. Each front end supplies a
// lookup of an option's text by name (clang-tidy's OptionsView, the
// command's .clang-tidy reader); everything else -- parsing, the values
// written back by --dump-config, the keys that say two configurations
// analyse alike -- iterates the description, so an option cannot be
// forgotten in one of them.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_OPTIONS_H
#define COROLINT_ENGINE_OPTIONS_H

#include "Checks.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace corolint {

struct AnalysisOptions;
struct ClassifierOptions;
struct FixOptions;

/// A set of checks: bit I stands for allChecks()[I].
using CheckSet = std::uint32_t;
static_assert(NumCategories + 1 <= 32, "a CheckSet holds every check");
constexpr CheckSet checkBit(Category C) { return CheckSet(1) << static_cast<unsigned>(C); }
inline constexpr CheckSet TransitiveCheck = CheckSet(1) << NumCategories;
/// The category checks, corolint-blocking-transitive aside.
inline constexpr CheckSet CategoryChecks = TransitiveCheck - 1;
inline constexpr CheckSet EveryCheck = CategoryChecks | TransitiveCheck;

enum class OptionKind {
  Bool,     ///< true/false, 1/0, on/off, yes/no (clang-tidy's spellings)
  NameList, ///< names separated by ';' or ','
  NameMap,  ///< `name[=text]` entries separated by ';' or ','
  Text,     ///< taken as written
};

/// Which part of the analysis an option changes.
enum class OptionGroup {
  Classifier, ///< which calls block: the scan of a unit depends on it
  Fixes,      ///< which fixes are offered
};

enum class Option {
#define COROLINT_OPTION(Name, Kind, Group, Member, Default, Checks, Doc) Name,
#include "Options.def"
};

struct OptionInfo {
  const char *Name;
  OptionKind Kind;
  OptionGroup Group;
  const char *Default;
  CheckSet Checks; ///< the checks that read it
  const char *Doc;
};

namespace detail {
inline constexpr OptionInfo OptionTable[] = {
#define COROLINT_OPTION(Name, Kind, Group, Member, Default, Checks, Doc)                           \
  {#Name, OptionKind::Kind, OptionGroup::Group, Default, Checks, Doc},
#include "Options.def"
};
} // namespace detail

inline constexpr unsigned NumOptions = std::size(detail::OptionTable);

/// Every option, in Options.def's order.
constexpr llvm::ArrayRef<OptionInfo> allOptions() { return detail::OptionTable; }
constexpr const OptionInfo &optionInfo(Option O) {
  return detail::OptionTable[static_cast<unsigned>(O)];
}

/// Reads a boolean option's text as clang-tidy does. (The host clang-tidy
/// does not export OptionsView's bool instantiations, so the module reads
/// booleans as text too.)
bool parseBool(llvm::StringRef Text);

/// A front end's way to find an option's text by name: clang-tidy looks it
/// up under the check's name, then globally. nullopt when nothing sets it.
using OptionLookup = llvm::function_ref<std::optional<llvm::StringRef>(llvm::StringRef Name)>;

/// The value of every option, as text: as configured, or the default. A
/// boolean is held as "true" or "false" however it was spelled, so equal
/// values mean an equal analysis.
class OptionValues {
public:
  /// Every option at its default.
  OptionValues();
  /// Every option through Lookup, at its default where Lookup has none.
  static OptionValues read(OptionLookup Lookup);

  llvm::StringRef get(Option O) const { return Texts[static_cast<unsigned>(O)]; }
  /// Sets O as a configuration spells it.
  void set(Option O, llvm::StringRef Text);

  /// Calls Store with each option Check reads (Check: one check's bit), and
  /// its value: what --dump-config writes for it.
  void store(CheckSet Check,
             llvm::function_ref<void(llvm::StringRef Name, llvm::StringRef Value)> Store) const;

  /// Text that differs whenever an option's value differs: of every option,
  /// or of those in Group only (the scan's key: OptionGroup::Classifier).
  std::string key() const;
  std::string key(OptionGroup Group) const;

  ClassifierOptions classifierOptions() const;
  FixOptions fixOptions() const;
  /// Both, with no check named (every check enabled).
  AnalysisOptions analysisOptions() const;

  bool operator==(const OptionValues &Other) const { return Texts == Other.Texts; }

private:
  std::array<std::string, NumOptions> Texts;
};

} // namespace corolint

#endif
