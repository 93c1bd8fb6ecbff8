//===- CheckConfig.cpp ----------------------------------------------------===//
#include "CheckConfig.h"
#include "BlockingApi.h"
#include "CoroutineAnalysis.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <map>

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
                                     ConfigFile.c_str(),
                                     Text.getError().message().c_str());
    auto Parsed = parseConfiguration((*Text)->getMemBufferRef());
    if (!Parsed)
      return llvm::createStringError(Parsed.getError(), "cannot parse config file '%s': %s",
                                     ConfigFile.c_str(),
                                     Parsed.getError().message().c_str());
    C.Provider = std::make_unique<ConfigOptionsProvider>(
        ClangTidyGlobalOptions(), ClangTidyOptions(), std::move(*Parsed),
        std::move(Overrides), llvm::vfs::getRealFileSystem());
  } else {
    C.Provider = std::make_unique<FileOptionsProvider>(
        ClangTidyGlobalOptions(), ClangTidyOptions(), std::move(Overrides),
        llvm::vfs::getRealFileSystem());
  }
  return C;
}

namespace {

/// One check's options, as the module's BlockingCallCheck reads them.
struct ResolvedOptions {
  std::string Allowed, Blocking, Replacements, ReplacementHeader, FixTypes;
  bool FlagMutexLock = false, OffloadFixes = false;

  std::string key() const {
    return Allowed + '\x1f' + Blocking + '\x1f' + Replacements + '\x1f' +
           ReplacementHeader + '\x1f' + FixTypes + '\x1f' +
           (FlagMutexLock ? '1' : '0') + (OffloadFixes ? '1' : '0');
  }

  AnalysisOptions toAnalysisOptions() const {
    AnalysisOptions O;
    O.Classifier.AllowedFunctions = ClassifierOptions::parseNameList(Allowed);
    O.Classifier.FlagMutexLock = FlagMutexLock;
    O.Classifier.BlockingFunctions = ClassifierOptions::parseBlockingFunctions(Blocking);
    O.Fixes.OffloadFixes = OffloadFixes;
    O.Fixes.Replacements = ClassifierOptions::parseBlockingFunctions(Replacements);
    O.Fixes.ReplacementHeader = ReplacementHeader;
    O.Fixes.CoroutineTypes = FixOptions::parseList(FixTypes);
    return O;
  }
};

// Same spelling as the module's parseBool.
bool parseBool(llvm::StringRef Text) {
  return Text.equals_insensitive("true") || Text == "1" || Text.equals_insensitive("on") ||
         Text.equals_insensitive("yes");
}

ResolvedOptions resolve(const ClangTidyOptions::OptionMap &Map, llvm::StringRef Check) {
  auto Get = [&](llvm::StringRef Name, llvm::StringRef Default) -> std::string {
    auto Local = Map.find((Check + "." + Name).str());
    if (Local != Map.end())
      return Local->getValue().Value;
    auto Global = Map.find(Name);
    if (Global != Map.end())
      return Global->getValue().Value;
    return Default.str();
  };
  ResolvedOptions R;
  R.Allowed = Get("AllowedFunctions", "");
  R.FlagMutexLock = parseBool(Get("FlagMutexLock", "false"));
  R.Blocking = Get("BlockingFunctions", "");
  R.OffloadFixes = parseBool(Get("OffloadFixes", "false"));
  R.Replacements = Get("Replacements", "");
  R.ReplacementHeader = Get("ReplacementHeader", "");
  R.FixTypes = Get("FixCoroutineTypes", "corio::task");
  return R;
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

  const std::string SyncCheck = checkName(Category::Sync);
  const std::string CallCheck = checkName(Category::Call);
  ResolvedOptions SyncOptions = resolve(Merged.CheckOptions, SyncCheck);
  ResolvedOptions CallOptions = resolve(Merged.CheckOptions, CallCheck);

  UnitConfig U;
  std::map<std::string, AnalysisOptions> Runs; // by option key, deterministic order
  for (const std::string &Check : allCheckNames()) {
    if (!Globs.contains(Check))
      continue;
    U.Enabled.insert(Check);
    if (Check == TransitiveCheckName)
      continue;
    ResolvedOptions R = resolve(Merged.CheckOptions, Check);
    // An option the check does not use must not split the runs: FlagMutexLock
    // only changes what corolint-blocking-sync reports, BlockingFunctions what
    // corolint-blocking-call reports.
    if (Check != SyncCheck)
      R.FlagMutexLock = SyncOptions.FlagMutexLock;
    if (Check != CallCheck)
      R.Blocking = CallOptions.Blocking;
    auto [It, New] = Runs.try_emplace(R.key(), R.toAnalysisOptions());
    It->second.EnabledChecks.insert(Check);
  }
  ResolvedOptions Transitive = resolve(Merged.CheckOptions, TransitiveCheckName);
  U.SummaryOptions = Transitive.toAnalysisOptions();
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
