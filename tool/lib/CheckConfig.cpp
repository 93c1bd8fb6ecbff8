//===- CheckConfig.cpp ----------------------------------------------------===//
#include "CheckConfig.h"
#include "Options.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <map>
#include <vector>

using namespace clang::tidy;

namespace corolint::tool {

const std::vector<std::string> &allCheckNames() {
  static const std::vector<std::string> Names = [] {
    std::vector<std::string> N;
    for (const CheckInfo &Check : allChecks())
      N.push_back(Check.CheckName);
    return N;
  }();
  return Names;
}

CheckConfig::CheckConfig(CheckConfig &&) noexcept = default;
CheckConfig::~CheckConfig() = default;

llvm::Expected<CheckConfig> CheckConfig::create(const std::string &ConfigFile,
                                                const std::string &ChecksOverride) {
  CheckConfig C;
  ClangTidyOptions Overrides;
  if (!ChecksOverride.empty())
    Overrides.Checks = ChecksOverride;
  if (!ConfigFile.empty()) {
    auto Text = llvm::MemoryBuffer::getFile(ConfigFile);
    if (!Text)
      return llvm::createStringError(Text.getError(), "cannot read config file '%s': %s",
                                     ConfigFile.c_str(), Text.getError().message().c_str());
    auto Parsed = parseConfiguration((*Text)->getMemBufferRef());
    if (!Parsed)
      return llvm::createStringError(Parsed.getError(), "cannot parse config file '%s': %s",
                                     ConfigFile.c_str(), Parsed.getError().message().c_str());
    C.Provider = std::make_unique<ConfigOptionsProvider>(
        ClangTidyGlobalOptions(), ClangTidyOptions(), std::move(*Parsed), std::move(Overrides),
        llvm::vfs::getRealFileSystem());
  } else {
    C.Provider =
        std::make_unique<FileOptionsProvider>(ClangTidyGlobalOptions(), ClangTidyOptions(),
                                              std::move(Overrides), llvm::vfs::getRealFileSystem());
  }
  return C;
}

namespace {

/// One check's options, as the module's checks read them: under the
/// check's name, then globally.
OptionValues resolve(const ClangTidyOptions::OptionMap &Map, llvm::StringRef Check) {
  return OptionValues::read([&](llvm::StringRef Name) -> std::optional<llvm::StringRef> {
    auto Local = Map.find((Check + "." + Name).str());
    if (Local != Map.end())
      return llvm::StringRef(Local->getValue().Value);
    auto Global = Map.find(Name);
    if (Global != Map.end())
      return llvm::StringRef(Global->getValue().Value);
    return std::nullopt;
  });
}

/// The first category check that reads O, if any.
std::optional<Category> firstCategoryReading(const OptionInfo &O) {
  for (unsigned I = 0; I < NumCategories; ++I)
    if (O.Checks & checkBit(static_cast<Category>(I)))
      return static_cast<Category>(I);
  return std::nullopt;
}

} // namespace

UnitConfig CheckConfig::forFile(llvm::StringRef File) {
  // With no Checks anywhere, run every corolint check: this is a corolint
  // command, not clang-tidy (whose default enables none of them).
  bool ChecksConfigured = false;
  for (const auto &Source : Provider->getRawOptions(File))
    if (Source.second != ClangTidyOptionsProvider::OptionsSourceTypeCheckCommandLineOption &&
        Source.first.Checks && !Source.first.Checks->empty())
      ChecksConfigured = true;
  ClangTidyOptions Merged = Provider->getOptions(File);
  std::string Checks = Merged.Checks.value_or(""); // --checks comes last
  if (!ChecksConfigured)
    Checks = "corolint-*," + Checks;
  GlobList Globs(Checks);

  // Each check's options, in allChecks()' order.
  std::vector<OptionValues> Resolved;
  for (const CheckInfo &Check : allChecks())
    Resolved.push_back(resolve(Merged.CheckOptions, Check.CheckName));

  UnitConfig U;
  std::map<std::string, AnalysisOptions> Runs; // by option key, deterministic order
  for (unsigned C = 0; C < allChecks().size(); ++C) {
    const std::string Check = allChecks()[C].CheckName;
    if (!Globs.contains(Check))
      continue;
    U.Enabled.insert(Check);
    if (Check == TransitiveCheckName)
      continue;
    OptionValues R = Resolved[C];
    // An option the check does not read must not split the runs: it takes
    // the value of the category check that reads it (FlagMutexLock only
    // changes what corolint-blocking-sync reports, BlockingFunctions what
    // corolint-blocking-call reports).
    for (unsigned I = 0; I < NumOptions; ++I) {
      const auto O = static_cast<Option>(I);
      std::optional<Category> Reader = firstCategoryReading(optionInfo(O));
      if (!(optionInfo(O).Checks & (CheckSet(1) << C)) && Reader)
        R.set(O, Resolved[static_cast<unsigned>(*Reader)].get(O));
    }
    auto [It, New] = Runs.try_emplace(R.key(), R.analysisOptions());
    It->second.EnabledChecks.insert(Check);
  }
  const OptionValues &Transitive = Resolved[NumCategories];
  U.SummaryOptions = Transitive.analysisOptions();
  U.SummaryOptions.EnabledChecks = {TransitiveCheckName};

  U.Fingerprint = "summary:" + Transitive.key() + "\n";
  for (auto &[Key, Options] : Runs) {
    if (Key == Transitive.key()) {
      // The engine summarises only when the transitive check is enabled.
      U.SummaryRun = static_cast<int>(U.Runs.size());
      Options.EnabledChecks.insert(TransitiveCheckName);
    }
    U.Fingerprint += "run:" + Key + ":";
    for (const std::string &C : Options.EnabledChecks)
      U.Fingerprint += C + ",";
    U.Fingerprint += "\n";
    U.Runs.push_back(std::move(Options));
  }
  U.Fingerprint += "enabled:";
  for (const std::string &C : U.Enabled)
    U.Fingerprint += C + ",";
  return U;
}

} // namespace corolint::tool
