//===- Driver.cpp ---------------------------------------------------------===//
#include "Driver.h"
#include "Baseline.h"
#include "Summaries.h"
#include "Cache.h"
#include "CheckConfig.h"
#include "CompileDatabase.h"
#include "FindingList.h"
#include "FixApplier.h"
#include "Printers.h"
#include "SourceFiles.h"
#include "UnitAnalyzer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Threading.h"
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using namespace clang::tooling;

namespace corolint::tool {

const char *corolintVersion() { return COROLINT_VERSION; }

namespace {

void error(llvm::raw_ostream &Err, const llvm::Twine &Message) {
  Err << "corolint: error: " << Message << "\n";
}

struct Unit {
  CompileCommand Command;
  UnitConfig Config;
  UnitResult Result;
};

} // namespace

int runCorolint(const ToolOptions &Options, llvm::raw_ostream &Out, llvm::raw_ostream &Err) {
  bool Failed = false;

  std::string Why;
  const std::string DatabaseFile = databaseFile(Options.BuildPath.empty() ? "." : Options.BuildPath);
  std::unique_ptr<CompilationDatabase> DB = loadDatabase(DatabaseFile, Why);
  if (!DB) {
    error(Err, Why);
    return ToolFailed;
  }
  llvm::SmallString<256> BuildDir(DatabaseFile);
  llvm::sys::path::remove_filename(BuildDir);

  // The project root: --root, or the directory containing the build directory.
  std::string Root;
  if (!Options.Root.empty()) {
    Root = absolutePath(Options.Root);
  } else {
    llvm::SmallString<256> Parent(BuildDir);
    llvm::sys::path::remove_filename(Parent);
    Root = std::string(Parent);
  }
  llvm::SmallString<256> RealRoot;
  if (llvm::sys::fs::real_path(Root, RealRoot)) {
    error(Err, "the project root '" + Root + "' does not exist");
    return ToolFailed;
  }
  Root = std::string(RealRoot);

  // Which files.
  std::vector<std::string> Files;
  if (Options.Files.empty()) {
    Files = DB->getAllFiles();
    if (Files.empty()) {
      error(Err, "the compilation database '" + DatabaseFile + "' lists no files");
      return ToolFailed;
    }
  }
  for (const std::string &Given : Options.Files) {
    std::string Path = absolutePath(Given);
    if (DB->getCompileCommands(Path).empty()) {
      // The database may spell the path through symlinks resolved.
      llvm::SmallString<256> Real;
      if (!llvm::sys::fs::real_path(Path, Real) && !DB->getCompileCommands(Real).empty())
        Path = std::string(Real);
      else {
        error(Err, llvm::formatv("'{0}' is not in the compilation database '{1}'", Given,
                                 DatabaseFile)
                       .str());
        Failed = true;
        continue;
      }
    }
    if (!llvm::is_contained(Files, Path))
      Files.push_back(Path);
  }

  auto Config = CheckConfig::create(Options.ConfigFile, Options.Checks);
  if (!Config) {
    error(Err, llvm::toString(Config.takeError()));
    return ToolFailed;
  }

  // One unit per file (its first compile command, as clang-tidy does).
  std::vector<Unit> Units;
  for (const std::string &File : Files) {
    std::vector<CompileCommand> Commands = DB->getCompileCommands(File);
    if (Commands.empty())
      continue;
    Unit U;
    U.Command = Commands.front();
    U.Config = Config->forFile(absolutePath(U.Command.Filename, U.Command.Directory));
    Units.push_back(std::move(U));
  }

  ParseSettings Settings{Options.ExtraArgs, Options.ExtraArgsBefore};
  llvm::SmallString<256> CacheDir(BuildDir);
  llvm::sys::path::append(CacheDir, ".corolint-cache");
  ResultCache Cache{std::string(CacheDir)};

  // Analyse in parallel: each worker parses its own units, one at a time.
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
  using Clock = std::chrono::steady_clock;
  const Clock::time_point AnalysisStart = Clock::now();
  std::vector<std::thread> Workers;
  for (unsigned J = 1; J < Jobs; ++J)
    Workers.emplace_back(Work);
  Work();
  for (std::thread &T : Workers)
    T.join();
  const Clock::time_point AnalysisEnd = Clock::now();

  // clang's errors, unit by unit.
  unsigned Parsed = 0, FromCache = 0;
  for (Unit &U : Units) {
    if (U.Result.FromCache)
      ++FromCache;
    if (U.Result.Parsed) {
      ++Parsed;
      continue;
    }
    Err << U.Result.Diagnostics;
    error(Err, "cannot analyse '" + U.Result.MainFile + "': " + U.Result.Failure +
                   "; its findings are not reported");
    Failed = true;
  }

  // Findings: direct ones, then through helpers across all units, reported
  // where the coroutine's own file enables the check.
  RunFindings Run;
  llvm::StringMap<std::string> AnalysedHashes;
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
               .try_emplace(File, Config->forFile(File).Enabled.count(TransitiveCheckName) > 0)
               .first;
    return It->second;
  };
  if (llvm::any_of(Units,
                   [](const Unit &U) { return U.Config.Enabled.count(TransitiveCheckName); }))
    Run.TransitiveEnabledIn = TransitiveEnabledIn;
  SourceFiles Sources;
  std::vector<Finding> Findings = reportedFindings(
      std::move(Run), [&](llvm::StringRef File) { return Sources.content(File); });
  const Clock::time_point MergeEnd = Clock::now();

  if (!Options.WriteBaselineFile.empty()) {
    if (llvm::Error E = writeBaseline(Options.WriteBaselineFile, Findings, Root, Sources)) {
      error(Err, llvm::toString(std::move(E)));
      return ToolFailed;
    }
    Err << llvm::formatv("corolint: wrote {0} finding{1} to the baseline '{2}'\n",
                         Findings.size(), Findings.size() == 1 ? "" : "s",
                         Options.WriteBaselineFile);
    return Failed ? ToolFailed : NoFindings;
  }
  size_t InBaseline = 0;
  if (!Options.BaselineFile.empty()) {
    auto Baseline = readBaseline(Options.BaselineFile);
    if (!Baseline) {
      error(Err, llvm::toString(Baseline.takeError()));
      return ToolFailed;
    }
    size_t Before = Findings.size();
    Findings = withoutBaseline(Findings, std::move(*Baseline), Root, Sources);
    InBaseline = Before - Findings.size();
  }

  size_t Fixed = 0;
  if (Options.Fix) {
    FixOutcome Outcome = applyFixes(Findings, Root, AnalysedHashes);
    for (const std::string &Problem : Outcome.Problems)
      Err << "corolint: warning: " << Problem << "\n";
    if (Outcome.WriteFailed)
      Failed = true;
    std::vector<Finding> Left;
    for (size_t I = 0; I < Findings.size(); ++I) {
      if (Outcome.Applied[I])
        ++Fixed;
      else
        Left.push_back(std::move(Findings[I]));
    }
    Findings = std::move(Left);
    Err << llvm::formatv("corolint: fixed {0} finding{1} in {2} file{3}\n", Fixed,
                         Fixed == 1 ? "" : "s", Outcome.ChangedFiles.size(),
                         Outcome.ChangedFiles.size() == 1 ? "" : "s");
  }

  // The report.
  std::unique_ptr<llvm::raw_fd_ostream> File;
  llvm::raw_ostream *OS = &Out;
  if (!Options.OutputFile.empty() && Options.OutputFile != "-") {
    std::error_code EC;
    File = std::make_unique<llvm::raw_fd_ostream>(Options.OutputFile, EC);
    if (EC) {
      error(Err, "cannot write '" + Options.OutputFile + "': " + EC.message());
      return ToolFailed;
    }
    OS = File.get();
  }
  Report R{std::move(Findings), Root};
  makePrinter(Options.Format, Sources)->print(R, *OS);
  OS->flush();

  if (Options.Stats) {
    Err << llvm::formatv("corolint: {0} translation units: {1} analysed, {2} from the cache, "
                         "{3} failed; {4} findings reported, {5} in the baseline, {6} fixed\n",
                         Units.size(), Parsed - FromCache, FromCache, Units.size() - Parsed,
                         R.Findings.size(), InBaseline, Fixed);
    // bench/tool/scale.py reads this to size the cross-unit merge.
    using Ms = std::chrono::duration<double, std::milli>;
    Err << llvm::formatv("corolint: time: {0:f1} ms analysing (wall), {1:f1} ms merging "
                         "across units\n",
                         Ms(AnalysisEnd - AnalysisStart).count(),
                         Ms(MergeEnd - AnalysisEnd).count());
  }

  if (Failed)
    return ToolFailed;
  return R.Findings.empty() ? NoFindings : FoundFindings;
}

} // namespace corolint::tool
