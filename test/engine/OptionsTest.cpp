// The description of the options (Options.def): its values reach the
// engine's option structs with the engine's own defaults, every option
// changes the keys that say two configurations analyse alike, what a check
// stores reads back to the same values, and the docs say what the
// description says (docs/configuration.md's table, "(default ...)" in pages).
#include "Options.h"
#include "UnitAnalysis.h"
#include "llvm/ADT/StringMap.h"
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <sstream>

using namespace corolint;

namespace {

/// A value other than the option's default.
std::string otherValue(const OptionInfo &O) {
  switch (O.Kind) {
  case OptionKind::Bool:
    return parseBool(O.Default) ? "false" : "true";
  case OptionKind::NameList:
    return "a::f;b::g";
  case OptionKind::NameMap:
    return "a::f=co_await a::g;b::h";
  case OptionKind::Text:
    return "<a/b.hpp>";
  }
  return "";
}

/// How many of the option fields differ between A and B.
int differingFields(const AnalysisOptions &A, const AnalysisOptions &B) {
  int N = 0;
#define COROLINT_OPTION(Name, Kind, Group, Member, ...) N += A.Group.Member != B.Group.Member;
#include "Options.def"
  return N;
}

OptionValues readFrom(const llvm::StringMap<std::string> &Map) {
  return OptionValues::read([&](llvm::StringRef Name) -> std::optional<llvm::StringRef> {
    auto It = Map.find(Name);
    if (It == Map.end())
      return std::nullopt;
    return llvm::StringRef(It->second);
  });
}

std::string readFile(const std::filesystem::path &Path) {
  std::ifstream In(Path);
  std::stringstream Text;
  Text << In.rdbuf();
  return Text.str();
}

/// The "checks" column of docs/configuration.md for a set of checks.
std::string checksCell(CheckSet Checks) {
  if (Checks == EveryCheck)
    return "all";
  if (Checks == CategoryChecks)
    return std::string("all but `") + TransitiveCheckName + "`";
  std::string Cell;
  for (unsigned I = 0; I < allChecks().size(); ++I)
    if (Checks & (CheckSet(1) << I))
      Cell += (Cell.empty() ? "`" : ", `") + std::string(allChecks()[I].CheckName) + "`";
  return Cell;
}

/// A default as the docs quote it: `''` for the empty text.
std::string defaultAsDocumented(const OptionInfo &O) { return *O.Default ? O.Default : "''"; }

} // namespace

TEST(Options, NamedOnceAndReadBySomeCheck) {
  llvm::StringMap<int> Seen;
  for (const OptionInfo &O : allOptions()) {
    EXPECT_EQ(++Seen[O.Name], 1) << O.Name;
    EXPECT_NE(O.Checks, 0u) << O.Name;
    EXPECT_EQ(O.Checks & ~EveryCheck, 0u) << O.Name;
    EXPECT_NE(otherValue(O), O.Default) << O.Name;
  }
}

TEST(Options, DefaultsAreTheEnginesDefaults) {
  EXPECT_EQ(differingFields(OptionValues().analysisOptions(), AnalysisOptions()), 0);
}

TEST(Options, EveryOptionReachesItsOwnField) {
  const AnalysisOptions Defaults = OptionValues().analysisOptions();
  for (unsigned I = 0; I < NumOptions; ++I) {
    OptionValues V;
    V.set(static_cast<Option>(I), otherValue(allOptions()[I]));
    EXPECT_EQ(differingFields(V.analysisOptions(), Defaults), 1) << allOptions()[I].Name;
  }
}

TEST(Options, EveryOptionChangesTheKeysOfItsGroup) {
  const OptionValues Defaults;
  for (unsigned I = 0; I < NumOptions; ++I) {
    const OptionInfo &O = allOptions()[I];
    OptionValues V;
    V.set(static_cast<Option>(I), otherValue(O));
    EXPECT_NE(V.key(), Defaults.key()) << O.Name;
    for (OptionGroup G : {OptionGroup::Classifier, OptionGroup::Fixes})
      EXPECT_EQ(V.key(G) != Defaults.key(G), G == O.Group) << O.Name;
  }
}

TEST(Options, UnsetOptionsTakeTheirDefaults) { EXPECT_EQ(readFrom({}), OptionValues()); }

TEST(Options, BooleansReadAsClangTidyReadsThem) {
  for (const char *True : {"true", "TRUE", "1", "on", "Yes"}) {
    OptionValues V;
    V.set(Option::FlagMutexLock, True);
    EXPECT_EQ(V.get(Option::FlagMutexLock), "true") << True;
  }
  for (const char *False : {"false", "0", "off", "no", "2", ""}) {
    OptionValues V;
    V.set(Option::FlagMutexLock, False);
    EXPECT_EQ(V.get(Option::FlagMutexLock), "false") << False;
  }
  // Spelled differently, analysed alike: the same key.
  OptionValues A, B;
  A.set(Option::OffloadFixes, "ON");
  B.set(Option::OffloadFixes, "true");
  EXPECT_EQ(A.key(), B.key());
}

TEST(Options, WhatACheckStoresReadsBackTheSame) {
  llvm::StringMap<std::string> Config;
  for (const OptionInfo &O : allOptions())
    Config[O.Name] = otherValue(O);
  const OptionValues Read = readFrom(Config);
  for (unsigned I = 0; I < allChecks().size(); ++I) {
    llvm::StringMap<std::string> Stored;
    Read.store(CheckSet(1) << I,
               [&](llvm::StringRef Name, llvm::StringRef Value) { Stored[Name] = Value.str(); });
    const OptionValues Again = readFrom(Stored);
    for (unsigned J = 0; J < NumOptions; ++J) {
      const OptionInfo &O = allOptions()[J];
      bool Reads = O.Checks & (CheckSet(1) << I);
      EXPECT_EQ(Stored.count(O.Name), Reads ? 1u : 0u) << allChecks()[I].CheckName << " " << O.Name;
      if (Reads) {
        EXPECT_EQ(Again.get(static_cast<Option>(J)), Read.get(static_cast<Option>(J))) << O.Name;
      }
    }
  }
}

// docs/configuration.md has one row per option, written as the description
// says: name, the checks that read it, default, meaning.
TEST(Options, ConfigurationDocsDescribeEveryOption) {
  const std::filesystem::path Path =
      std::filesystem::path(COROLINT_SOURCE_DIR) / "docs" / "configuration.md";
  const std::string Text = readFile(Path);
  ASSERT_FALSE(Text.empty()) << Path;
  for (const OptionInfo &O : allOptions()) {
    std::string Row = std::string("| `") + O.Name + "` | " + checksCell(O.Checks) + " | `" +
                      defaultAsDocumented(O) + "` | " + O.Doc + " |\n";
    EXPECT_NE(Text.find(Row), std::string::npos) << Path << " lacks the row\n" << Row;
  }
  // And no row for an option that is not one.
  static const std::regex OptionRow(R"(^\| `(\w+)` \|)");
  std::istringstream Lines(Text);
  for (std::string Line; std::getline(Lines, Line);) {
    std::smatch M;
    if (!std::regex_search(Line, M, OptionRow))
      continue;
    std::string Name = M[1].str();
    bool Known = false;
    for (const OptionInfo &O : allOptions())
      Known |= Name == O.Name;
    EXPECT_TRUE(Known) << Path << ": a row for '" << Name << "', which Options.def lacks";
  }
}

// "`Name` (default `X`)" anywhere in the docs quotes the description's default.
TEST(Options, DocsQuoteTheDefaults) {
  static const std::regex Quote(R"(`(\w+)` \(default `([^`]*)`\))");
  std::vector<std::filesystem::path> Pages = {std::filesystem::path(COROLINT_SOURCE_DIR) /
                                              "README.md"};
  for (const auto &Entry : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(COROLINT_SOURCE_DIR) / "docs"))
    if (Entry.path().extension() == ".md")
      Pages.push_back(Entry.path());
  int Quoted = 0;
  for (const std::filesystem::path &Page : Pages) {
    const std::string Text = readFile(Page);
    for (auto It = std::sregex_iterator(Text.begin(), Text.end(), Quote);
         It != std::sregex_iterator(); ++It)
      for (const OptionInfo &O : allOptions())
        if ((*It)[1].str() == O.Name) {
          ++Quoted;
          EXPECT_EQ((*It)[2].str(), defaultAsDocumented(O)) << Page << ": " << (*It)[0].str();
        }
  }
  EXPECT_GT(Quoted, 0) << "no page quotes a default: has their form changed?";
}
