//===- Driver.cpp ---------------------------------------------------------===//
#include "Driver.h"
#include "Baseline.h"
#include "Cache.h"
#include "CheckConfig.h"
#include "CompileDatabase.h"
#include "FindingList.h"
#include "FixApplier.h"
#include "Printers.h"
#include "SourceFiles.h"
#include "Summaries.h"
#include "UnitAnalyzer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Threading.h"
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

using namespace clang::tooling;

namespace corolint::tool {

const char *corolintVersion() { return COROLINT_VERSION; }

namespace {

void error(llvm::raw_ostream &Err, const llvm::Twine &Message) {
  Err << "corolint: error: " << Message << "\n";
}

using Clock = std::chrono::steady_clock;

struct Unit {
  CompileCommand Command;
  UnitConfig Config;
  UnitResult Result;
};

/// Where the run reads from: the compilation database and the project root.
struct Project {
  std::unique_ptr<CompilationDatabase> DB;
  std::string DatabaseFile;
  std::string BuildDir; ///< the database's directory, which holds the cache
  std::string Root;     ///< real path; relative paths and --fix stay under it
};

/// Tallies for --stats.
struct RunStats {
  size_t Units = 0, Parsed = 0, FromCache = 0, InBaseline = 0, Fixed = 0;
  Clock::time_point AnalysisStart, AnalysisEnd, MergeEnd;
};

/// The database from -p (a directory holding compile_commands.json, or the
/// file itself) and the root: --root, or the directory holding the build
/// directory.
std::optional<Project> openProject(const ToolOptions &Options, llvm::raw_ostream &Err) {
  Project P;
  std::string Why;
  P.DatabaseFile = databaseFile(Options.BuildPath.empty() ? "." : Options.BuildPath);
  P.DB = loadDatabase(P.DatabaseFile, Why);
  if (!P.DB) {
    error(Err, Why);
    return std::nullopt;
  }
  P.BuildDir = std::string(llvm::sys::path::parent_path(P.DatabaseFile));
  std::string Root = Options.Root.empty() ? std::string(llvm::sys::path::parent_path(P.BuildDir))
                                          : absolutePath(Options.Root);
  llvm::SmallString<256> RealRoot;
  if (llvm::sys::fs::real_path(Root, RealRoot)) {
    error(Err, "the project root '" + Root + "' does not exist");
    return std::nullopt;
  }
  P.Root = std::string(RealRoot);
  return P;
}

/// The files to analyse: those given (as the database spells them), or all
/// the database lists. A given file missing from it is an error (\p Failed),
/// the others are still analysed; an empty database fails the run (nullopt).
std::optional<std::vector<std::string>> selectFiles(const ToolOptions &Options, const Project &P,
                                                    bool &Failed, llvm::raw_ostream &Err) {
  std::vector<std::string> Files;
  if (Options.Files.empty()) {
    Files = P.DB->getAllFiles();
    if (Files.empty()) {
      error(Err, "the compilation database '" + P.DatabaseFile + "' lists no files");
      return std::nullopt;
    }
  }
  for (const std::string &Given : Options.Files) {
    std::string Path = absolutePath(Given);
    if (P.DB->getCompileCommands(Path).empty()) {
      // The database may spell the path through symlinks resolved.
      llvm::SmallString<256> Real;
      if (!llvm::sys::fs::real_path(Path, Real) && !P.DB->getCompileCommands(Real).empty())
        Path = std::string(Real);
      else {
        error(Err,
              llvm::formatv("'{0}' is not in the compilation database '{1}'", Given, P.DatabaseFile)
                  .str());
        Failed = true;
        continue;
      }
    }
    if (!llvm::is_contained(Files, Path))
      Files.push_back(Path);
  }
  return Files;
}

/// One unit per file (its first compile command, as clang-tidy does), with
/// the configuration of its file.
std::vector<Unit> planUnits(const std::vector<std::string> &Files, const Project &P,
                            CheckConfig &Config) {
  std::vector<Unit> Units;
  for (const std::string &File : Files) {
    std::vector<CompileCommand> Commands = P.DB->getCompileCommands(File);
    if (Commands.empty())
      continue;
    Unit U;
    U.Command = Commands.front();
    U.Config = Config.forFile(absolutePath(U.Command.Filename, U.Command.Directory));
    Units.push_back(std::move(U));
  }
  return Units;
}

/// Analyses the units in parallel, each worker parsing its own units one at
/// a time, and each unit from the cache when it can.
void analyzeUnits(std::vector<Unit> &Units, const ToolOptions &Options, const Project &P,
                  llvm::raw_ostream &Err) {
  ParseSettings Settings{Options.ExtraArgs, Options.ExtraArgsBefore};
  llvm::SmallString<256> CacheDir(P.BuildDir);
  llvm::sys::path::append(CacheDir, ".corolint-cache");
  ResultCache Cache{std::string(CacheDir)};

  unsigned Jobs = Options.Jobs ? Options.Jobs : llvm::hardware_concurrency().compute_thread_count();
  Jobs = std::max(1u, std::min<unsigned>(Jobs, Units.size()));
  std::atomic<size_t> Next{0};
  std::atomic<unsigned> Done{0};
  std::mutex ErrMutex;
  auto Work = [&] {
    for (size_t I; (I = Next++) < Units.size();) {
      Unit &U = Units[I];
      std::string Key;
      if (Options.UseCache) {
        Key = ResultCache::keyFor(U.Command, U.Config, Settings);
        if (auto Hit = Cache.lookup(Key))
          U.Result = std::move(*Hit);
      }
      if (!U.Result.FromCache) {
        U.Result = analyzeUnit(U.Command, U.Config, Settings);
        if (Options.UseCache)
          Cache.store(Key, U.Result);
      }
      unsigned N = ++Done;
      if (Options.Progress) {
        std::lock_guard<std::mutex> Lock(ErrMutex);
        Err << llvm::formatv("[{0}/{1}] {2}\n", N, Units.size(), U.Result.MainFile);
        Err.flush();
      }
    }
  };
  std::vector<std::thread> Workers;
  for (unsigned J = 1; J < Jobs; ++J)
    Workers.emplace_back(Work);
  Work();
  for (std::thread &T : Workers)
    T.join();
}

/// clang's errors, unit by unit; true if a unit failed (its findings are
/// not reported).
bool reportFailedUnits(const std::vector<Unit> &Units, RunStats &Stats, llvm::raw_ostream &Err) {
  bool Failed = false;
  for (const Unit &U : Units) {
    if (U.Result.FromCache)
      ++Stats.FromCache;
    if (U.Result.Parsed) {
      ++Stats.Parsed;
      continue;
    }
    Err << U.Result.Diagnostics;
    error(Err, "cannot analyse '" + U.Result.MainFile + "': " + U.Result.Failure +
                   "; its findings are not reported");
    Failed = true;
  }
  return Failed;
}

/// The run's findings: direct ones, then through helpers across all units,
/// reported where the coroutine's own file enables the check. \p
/// AnalysedHashes gets the content hash of every file the units read, for
/// --fix to refuse files changed since.
std::vector<Finding> mergeUnits(std::vector<Unit> &Units, CheckConfig &Config, SourceFiles &Sources,
                                llvm::StringMap<std::string> &AnalysedHashes) {
  RunFindings Run;
  for (Unit &U : Units) {
    if (!U.Result.Parsed)
      continue;
    for (Finding &F : U.Result.Findings)
      Run.Direct.push_back(F);
    Run.Summaries.push_back(&U.Result.Summary);
    for (const Dependency &D : U.Result.Dependencies)
      AnalysedHashes[D.File] = D.Hash;
  }
  llvm::StringMap<bool> TransitiveEnabled;
  for (Unit &U : Units)
    TransitiveEnabled[U.Result.MainFile] = U.Config.Enabled.count(TransitiveCheckName) > 0;
  auto TransitiveEnabledIn = [&](llvm::StringRef File) {
    auto It = TransitiveEnabled.find(File);
    if (It == TransitiveEnabled.end())
      It = TransitiveEnabled
               .try_emplace(File, Config.forFile(File).Enabled.count(TransitiveCheckName) > 0)
               .first;
    return It->second;
  };
  if (llvm::any_of(Units,
                   [](const Unit &U) { return U.Config.Enabled.count(TransitiveCheckName); }))
    Run.TransitiveEnabledIn = TransitiveEnabledIn;
  return reportedFindings(std::move(Run),
                          [&](llvm::StringRef File) { return Sources.content(File); });
}

/// --baseline: leaves out the findings the baseline lists; false if it
/// cannot be read.
bool dropBaselined(std::vector<Finding> &Findings, const ToolOptions &Options, const Project &P,
                   SourceFiles &Sources, RunStats &Stats, llvm::raw_ostream &Err) {
  auto Baseline = readBaseline(Options.BaselineFile);
  if (!Baseline) {
    error(Err, llvm::toString(Baseline.takeError()));
    return false;
  }
  size_t Before = Findings.size();
  Findings = withoutBaseline(Findings, std::move(*Baseline), P.Root, Sources);
  Stats.InBaseline = Before - Findings.size();
  return true;
}

/// --fix: applies the fixes and keeps the findings left unfixed; true if a
/// file could not be written.
bool fixFindings(std::vector<Finding> &Findings, const Project &P,
                 const llvm::StringMap<std::string> &AnalysedHashes, RunStats &Stats,
                 llvm::raw_ostream &Err) {
  FixOutcome Outcome = applyFixes(Findings, P.Root, AnalysedHashes);
  for (const std::string &Problem : Outcome.Problems)
    Err << "corolint: warning: " << Problem << "\n";
  std::vector<Finding> Left;
  for (size_t I = 0; I < Findings.size(); ++I) {
    if (Outcome.Applied[I])
      ++Stats.Fixed;
    else
      Left.push_back(std::move(Findings[I]));
  }
  Findings = std::move(Left);
  Err << llvm::formatv("corolint: fixed {0} finding{1} in {2} file{3}\n", Stats.Fixed,
                       Stats.Fixed == 1 ? "" : "s", Outcome.ChangedFiles.size(),
                       Outcome.ChangedFiles.size() == 1 ? "" : "s");
  return Outcome.WriteFailed;
}

/// The report, to the output file or \p Out; false if the file cannot be
/// written.
bool printReport(const Report &R, const ToolOptions &Options, SourceFiles &Sources,
                 llvm::raw_ostream &Out, llvm::raw_ostream &Err) {
  std::unique_ptr<llvm::raw_fd_ostream> File;
  llvm::raw_ostream *OS = &Out;
  if (!Options.OutputFile.empty() && Options.OutputFile != "-") {
    std::error_code EC;
    File = std::make_unique<llvm::raw_fd_ostream>(Options.OutputFile, EC);
    if (EC) {
      error(Err, "cannot write '" + Options.OutputFile + "': " + EC.message());
      return false;
    }
    OS = File.get();
  }
  makePrinter(Options.Format, Sources)->print(R, *OS);
  OS->flush();
  return true;
}

void printStats(const RunStats &S, size_t Reported, llvm::raw_ostream &Err) {
  Err << llvm::formatv("corolint: {0} translation units: {1} analysed, {2} from the cache, "
                       "{3} failed; {4} findings reported, {5} in the baseline, {6} fixed\n",
                       S.Units, S.Parsed - S.FromCache, S.FromCache, S.Units - S.Parsed, Reported,
                       S.InBaseline, S.Fixed);
  // bench/tool/scale.py reads this to size the cross-unit merge (which
  // includes applying NOLINT comments).
  using Ms = std::chrono::duration<double, std::milli>;
  Err << llvm::formatv("corolint: time: {0:f1} ms analysing (wall), {1:f1} ms merging "
                       "across units\n",
                       Ms(S.AnalysisEnd - S.AnalysisStart).count(),
                       Ms(S.MergeEnd - S.AnalysisEnd).count());
}

} // namespace

int runCorolint(const ToolOptions &Options, llvm::raw_ostream &Out, llvm::raw_ostream &Err) {
  std::optional<Project> P = openProject(Options, Err);
  if (!P)
    return ToolFailed;
  bool Failed = false;
  std::optional<std::vector<std::string>> Files = selectFiles(Options, *P, Failed, Err);
  if (!Files)
    return ToolFailed;
  auto Config = CheckConfig::create(Options.ConfigFile, Options.Checks);
  if (!Config) {
    error(Err, llvm::toString(Config.takeError()));
    return ToolFailed;
  }
  std::vector<Unit> Units = planUnits(*Files, *P, *Config);

  RunStats Stats;
  Stats.Units = Units.size();
  Stats.AnalysisStart = Clock::now();
  analyzeUnits(Units, Options, *P, Err);
  Stats.AnalysisEnd = Clock::now();
  Failed |= reportFailedUnits(Units, Stats, Err);

  SourceFiles Sources;
  llvm::StringMap<std::string> AnalysedHashes;
  std::vector<Finding> Findings = mergeUnits(Units, *Config, Sources, AnalysedHashes);
  Stats.MergeEnd = Clock::now();

  if (!Options.WriteBaselineFile.empty()) {
    if (llvm::Error E = writeBaseline(Options.WriteBaselineFile, Findings, P->Root, Sources)) {
      error(Err, llvm::toString(std::move(E)));
      return ToolFailed;
    }
    Err << llvm::formatv("corolint: wrote {0} finding{1} to the baseline '{2}'\n", Findings.size(),
                         Findings.size() == 1 ? "" : "s", Options.WriteBaselineFile);
    return Failed ? ToolFailed : NoFindings;
  }
  if (!Options.BaselineFile.empty() && !dropBaselined(Findings, Options, *P, Sources, Stats, Err))
    return ToolFailed;
  if (Options.Fix)
    Failed |= fixFindings(Findings, *P, AnalysedHashes, Stats, Err);

  Report R{std::move(Findings), P->Root};
  if (!printReport(R, Options, Sources, Out, Err))
    return ToolFailed;
  if (Options.Stats)
    printStats(Stats, R.Findings.size(), Err);
  if (Failed)
    return ToolFailed;
  return R.Findings.empty() ? NoFindings : FoundFindings;
}

} // namespace corolint::tool
