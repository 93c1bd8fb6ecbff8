//===- CheckConfig.h - corolint's checks and options from .clang-tidy -*- C++ -*-===//
//
// Reads the configuration the way the clang-tidy module sees it: clang-tidy's
// own reader finds the nearest .clang-tidy up from each file (following
// InheritParentConfig), `Checks:` says which corolint checks run, and each
// option is looked up under the check's name, then globally.
//
// The engine takes one set of options per run, while clang-tidy lets each
// check have its own. Checks whose options agree share one run; a check
// configured differently gets a run of its own, so per-check options give the
// same findings as in the module.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_CHECKCONFIG_H
#define COROLINT_TOOL_CHECKCONFIG_H

#include "UnitAnalysis.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>
#include <vector>

namespace clang::tidy {
class ClangTidyOptionsProvider;
}

namespace corolint::tool {

/// The corolint check names, in allChecks()' order (Checks.def).
const std::vector<std::string> &allCheckNames();

/// What runs on one translation unit.
struct UnitConfig {
  /// One engine run per distinct option set; together they cover the
  /// enabled direct checks. May be empty.
  std::vector<AnalysisOptions> Runs;
  /// The options of corolint-blocking-transitive: the summary for the
  /// analysis through helpers is always computed with these (another file's
  /// coroutine may call into this one).
  AnalysisOptions SummaryOptions;
  /// The index in Runs whose options equal SummaryOptions (its summary is
  /// the one), or -1: then a run of its own computes the summary.
  int SummaryRun = -1;
  /// Enabled checks, transitive included.
  std::set<std::string> Enabled;
  /// Stable text of all of the above, for the cache key: each run's options
  /// as OptionValues::key gives them, which iterates every option.
  std::string Fingerprint;
};

class CheckConfig {
public:
  /// \p ConfigFile: a file used instead of the .clang-tidy files ("" for none).
  /// \p ChecksOverride: appended to the configured Checks (like --checks).
  static llvm::Expected<CheckConfig> create(const std::string &ConfigFile,
                                            const std::string &ChecksOverride);
  CheckConfig(CheckConfig &&) noexcept;
  ~CheckConfig();

  /// The configuration for a file (absolute path). Not thread-safe: resolve
  /// every file before starting the workers.
  UnitConfig forFile(llvm::StringRef File);

private:
  CheckConfig() = default;
  std::unique_ptr<clang::tidy::ClangTidyOptionsProvider> Provider;
};

} // namespace corolint::tool

#endif
