//===- UnitAnalyzer.cpp ---------------------------------------------------===//
#include "UnitAnalyzer.h"
#include "SourceFiles.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>

using namespace clang;
using namespace clang::tooling;

namespace corolint::tool {
namespace {

/// The unit's one compile command, so that ClangTool runs exactly it.
class SingleCommandDatabase : public CompilationDatabase {
public:
  explicit SingleCommandDatabase(CompileCommand Command) : Command(std::move(Command)) {}
  std::vector<CompileCommand> getCompileCommands(llvm::StringRef) const override {
    return {Command};
  }
  std::vector<std::string> getAllFiles() const override { return {Command.Filename}; }

private:
  CompileCommand Command;
};

/// Prints clang's errors and their notes; warnings are the compiler's
/// business, not the linter's.
class ErrorPrinter : public TextDiagnosticPrinter {
public:
  ErrorPrinter(llvm::raw_ostream &OS, DiagnosticOptions *Options)
      : TextDiagnosticPrinter(OS, Options) {}

  void HandleDiagnostic(DiagnosticsEngine::Level Level, const Diagnostic &Info) override {
    if (Level >= DiagnosticsEngine::Error)
      LastWasError = true;
    else if (Level != DiagnosticsEngine::Note)
      LastWasError = false;
    if (LastWasError)
      TextDiagnosticPrinter::HandleDiagnostic(Level, Info);
    else
      // Skips the printer on purpose: the base class only counts the warning.
      DiagnosticConsumer::HandleDiagnostic(Level, Info); // NOLINT(bugprone-parent-virtual-call)
  }

private:
  bool LastWasError = false;
};

std::vector<Dependency> dependenciesOf(const SourceManager &SM, llvm::StringRef Directory,
                                       llvm::StringRef MainFile) {
  std::vector<Dependency> Deps;
  llvm::StringSet<> Seen;
  for (auto It = SM.fileinfo_begin(), End = SM.fileinfo_end(); It != End; ++It) {
    // The real path: `..` after a symlink (/lib -> usr/lib) is not lexical.
    llvm::StringRef Real = It->first.getFileEntry().tryGetRealPathName();
    std::string Path = Real.empty() ? absolutePath(It->first.getName(), Directory) : Real.str();
    if (!Seen.insert(Path).second)
      continue;
    std::optional<std::string> Hash;
    // The bytes clang read, not what is on disk now: a file edited during the
    // run must make the next run miss.
    if (auto Buffer = It->second->getBufferIfLoaded())
      Hash = contentHash(Buffer->getBuffer());
    else
      Hash = hashFile(Path);
    if (!Hash)
      continue;
    Deps.push_back({Path, *Hash});
  }
  // The main file first, the others in order. (Paths are unique, so this is
  // a stable partition; std::stable_partition itself makes libstdc++ 12 use
  // get_temporary_buffer, which clang 19 warns is deprecated.)
  auto Main = std::find_if(Deps.begin(), Deps.end(),
                           [&](const Dependency &D) { return D.File == MainFile; });
  if (Main != Deps.end())
    std::rotate(Deps.begin(), Main, std::next(Main));
  return Deps;
}

} // namespace

UnitResult analyzeUnit(const CompileCommand &Command, const UnitConfig &Config,
                       const ParseSettings &Settings) {
  UnitResult R;
  R.MainFile = absolutePath(Command.Filename, Command.Directory);

  SingleCommandDatabase Database(Command);
  // A file system with its own working directory: ClangTool moves into the
  // command's directory, and on the process-wide real file system that is a
  // chdir, which races with the other workers and leaves relative paths of
  // the command line (--output, --baseline) resolved against another folder.
  ClangTool Tool(Database, {Command.Filename}, std::make_shared<PCHContainerOperations>(),
                 Settings.FileSystem ? Settings.FileSystem
                                     : llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>(
                                           llvm::vfs::createPhysicalFileSystem()));
  Tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
      "-resource-dir=" COROLINT_CLANG_RESOURCE_DIR, ArgumentInsertPosition::END));
  if (!Settings.ExtraArgsBefore.empty())
    Tool.appendArgumentsAdjuster(
        getInsertArgumentAdjuster(Settings.ExtraArgsBefore, ArgumentInsertPosition::BEGIN));
  if (!Settings.ExtraArgs.empty())
    Tool.appendArgumentsAdjuster(
        getInsertArgumentAdjuster(Settings.ExtraArgs, ArgumentInsertPosition::END));

  llvm::raw_string_ostream DiagText(R.Diagnostics);
  llvm::IntrusiveRefCntPtr<DiagnosticOptions> DiagOptions = new DiagnosticOptions();
  ErrorPrinter Printer(DiagText, DiagOptions.get());
  Tool.setDiagnosticConsumer(&Printer);

  std::vector<std::unique_ptr<ASTUnit>> Units;
  Tool.buildASTs(Units);
  DiagText.flush();
  if (Units.empty() || !Units.front()) {
    R.Failure = "clang could not run on it";
    return R;
  }
  ASTUnit &Unit = *Units.front();
  if (Printer.getNumErrors() > 0 || Unit.getDiagnostics().hasErrorOccurred()) {
    unsigned N = std::max(1u, Printer.getNumErrors());
    R.Failure = llvm::formatv("it does not compile ({0} error{1})", N, N == 1 ? "" : "s");
    return R;
  }

  ASTContext &Ctx = Unit.getASTContext();
  for (size_t I = 0; I < Config.Runs.size(); ++I) {
    const AnalysisOptions &Run = Config.Runs[I];
    ParsedUnitResult Result = analyzeParsedUnit(Ctx, Run);
    for (Finding &F : Result.Findings)
      if (Run.isEnabled(F.Check))
        R.Findings.push_back(std::move(F));
    if (static_cast<int>(I) == Config.SummaryRun)
      R.Summary = std::move(Result.Summary);
  }
  if (Config.SummaryRun < 0)
    R.Summary = analyzeParsedUnit(Ctx, Config.SummaryOptions).Summary;
  R.Summary.MainFile = R.MainFile;
  R.Dependencies = dependenciesOf(Ctx.getSourceManager(), Command.Directory, R.MainFile);
  R.Parsed = true;
  return R;
}

} // namespace corolint::tool
