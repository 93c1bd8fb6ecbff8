//===- Options.cpp --------------------------------------------------------===//
#include "Options.h"
#include "CallClassifier.h"
#include "FixIts.h"
#include "UnitAnalysis.h"
#include "llvm/Support/raw_ostream.h"
#include <type_traits>

namespace corolint {

bool parseBool(llvm::StringRef Text) {
  return Text.equals_insensitive("true") || Text == "1" || Text.equals_insensitive("on") ||
         Text.equals_insensitive("yes");
}

OptionValues::OptionValues() {
  for (unsigned I = 0; I < NumOptions; ++I)
    Texts[I] = allOptions()[I].Default;
}

OptionValues OptionValues::read(OptionLookup Lookup) {
  OptionValues V;
  for (unsigned I = 0; I < NumOptions; ++I)
    if (std::optional<llvm::StringRef> Text = Lookup(allOptions()[I].Name))
      V.set(static_cast<Option>(I), *Text);
  return V;
}

void OptionValues::set(Option O, llvm::StringRef Text) {
  if (optionInfo(O).Kind == OptionKind::Bool)
    Text = parseBool(Text) ? "true" : "false";
  Texts[static_cast<unsigned>(O)] = Text.str();
}

void OptionValues::store(
    CheckSet Check,
    llvm::function_ref<void(llvm::StringRef Name, llvm::StringRef Value)> Store) const {
  for (unsigned I = 0; I < NumOptions; ++I)
    if (allOptions()[I].Checks & Check)
      Store(allOptions()[I].Name, Texts[I]);
}

std::string OptionValues::key() const {
  std::string Key;
  llvm::raw_string_ostream OS(Key);
  // Length-prefixed: no two different value lists give the same text.
  for (unsigned I = 0; I < NumOptions; ++I)
    OS << allOptions()[I].Name << '=' << Texts[I].size() << ':' << Texts[I] << ';';
  return Key;
}

std::string OptionValues::key(OptionGroup Group) const {
  std::string Key;
  llvm::raw_string_ostream OS(Key);
  for (unsigned I = 0; I < NumOptions; ++I)
    if (allOptions()[I].Group == Group)
      OS << allOptions()[I].Name << '=' << Texts[I].size() << ':' << Texts[I] << ';';
  return Key;
}

namespace {

template <OptionKind> struct KindType;
template <> struct KindType<OptionKind::Bool> {
  using type = bool;
};
template <> struct KindType<OptionKind::NameList> {
  using type = std::vector<std::string>;
};
template <> struct KindType<OptionKind::NameMap> {
  using type = std::vector<std::pair<std::string, std::string>>;
};
template <> struct KindType<OptionKind::Text> {
  using type = std::string;
};

void parseInto(bool &Out, llvm::StringRef Text) { Out = parseBool(Text); }
void parseInto(std::vector<std::string> &Out, llvm::StringRef Text) {
  Out = ClassifierOptions::parseNameList(Text);
}
void parseInto(std::vector<std::pair<std::string, std::string>> &Out, llvm::StringRef Text) {
  Out = ClassifierOptions::parseBlockingFunctions(Text);
}
void parseInto(std::string &Out, llvm::StringRef Text) { Out = Text.str(); }

/// Every option's value into its field; the field's type must be its kind's.
void parseAll(const OptionValues &Values, ClassifierOptions &Classifier, FixOptions &Fixes) {
#define COROLINT_OPTION(Name, Kind, Group, Member, Default, Checks, Doc)                           \
  static_assert(std::is_same_v<decltype((Group).Member), KindType<OptionKind::Kind>::type>,        \
                #Name ": the field's type is not its kind's");                                     \
  parseInto((Group).Member, Values.get(Option::Name));
#include "Options.def"
}

} // namespace

ClassifierOptions OptionValues::classifierOptions() const {
  ClassifierOptions Classifier;
  FixOptions Fixes;
  parseAll(*this, Classifier, Fixes);
  return Classifier;
}

FixOptions OptionValues::fixOptions() const {
  ClassifierOptions Classifier;
  FixOptions Fixes;
  parseAll(*this, Classifier, Fixes);
  return Fixes;
}

AnalysisOptions OptionValues::analysisOptions() const {
  AnalysisOptions O;
  parseAll(*this, O.Classifier, O.Fixes);
  return O;
}

} // namespace corolint
