//===- main.cpp - corolint: blocking calls in coroutines, project-wide ----===//
//
// Parses the command line and hands it to the action library (lib/).
//
//===----------------------------------------------------------------------===//
#include "Driver.h"
#include "LspAnalysis.h"
#include "LspServer.h"
#include "ToolOptions.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"
#include <unistd.h>

using namespace llvm;
using corolint::tool::OutputFormat;

static cl::OptionCategory Category("corolint options");

static cl::opt<std::string> BuildPath("p",
                                      cl::desc("Build directory holding compile_commands.json"),
                                      cl::value_desc("build-dir"), cl::cat(Category));
static cl::list<std::string> Files(cl::Positional, cl::desc("[<file> ...]"), cl::cat(Category));
static cl::opt<unsigned> Jobs("j", cl::desc("Parallel jobs (default: number of cores)"),
                              cl::init(0), cl::Prefix, cl::cat(Category));
static cl::opt<OutputFormat>
    Format("format", cl::desc("Output format"), cl::init(OutputFormat::Text),
           cl::values(clEnumValN(OutputFormat::Text, "text", "clang-style diagnostics (default)"),
                      clEnumValN(OutputFormat::Json, "json", "a JSON array of findings"),
                      clEnumValN(OutputFormat::Sarif, "sarif", "SARIF 2.1.0")),
           cl::cat(Category));
static cl::opt<std::string> OutputFile("output", cl::desc("Write the report to <file>"),
                                       cl::value_desc("file"), cl::cat(Category));
static cl::alias OutputFileShort("o", cl::desc("Alias for --output"), cl::aliasopt(OutputFile));
static cl::opt<bool> Fix("fix", cl::desc("Apply the fixes (only to files under the root)"),
                         cl::cat(Category));
static cl::opt<std::string> Root("root",
                                 cl::desc("Project root (default: the build directory's parent)"),
                                 cl::value_desc("dir"), cl::cat(Category));
static cl::opt<std::string> Baseline("baseline",
                                     cl::desc("Do not report findings recorded in <file>"),
                                     cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string> WriteBaseline("write-baseline",
                                          cl::desc("Record all findings in <file> and exit 0"),
                                          cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string>
    ConfigFile("config-file",
               cl::desc("Read the configuration from <file> instead of .clang-tidy files"),
               cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string>
    Checks("checks", cl::desc("Check globs appended to the configured Checks"), cl::cat(Category));
static cl::list<std::string> ExtraArgs("extra-arg",
                                       cl::desc("Argument appended to each compile command"),
                                       cl::cat(Category));
static cl::list<std::string> ExtraArgsBefore("extra-arg-before",
                                             cl::desc("Argument prepended to each compile command"),
                                             cl::cat(Category));
static cl::opt<bool> NoCache("no-cache",
                             cl::desc("Neither read nor write <build-dir>/.corolint-cache"),
                             cl::cat(Category));
static cl::opt<bool> Stats("print-stats",
                           cl::desc("Print what was analysed and what came from the cache"),
                           cl::cat(Category));
static cl::opt<bool> Progress("progress",
                              cl::desc("Show progress (default: if stderr is a terminal)"),
                              cl::init(false), cl::cat(Category));

static cl::opt<bool> Lsp("lsp",
                         cl::desc("Run as a language server on standard input and output "
                                  "(uses -p, --config-file, --checks, --extra-arg)"),
                         cl::cat(Category));
// One analysis for the language server, in a process of its own.
static cl::opt<bool> LspWorker("lsp-worker", cl::Hidden, cl::cat(Category));

static int MainAnchor;

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(
      [](raw_ostream &OS) { OS << "corolint " << corolint::tool::corolintVersion() << "\n"; });
  // A usage error is a failure (2), never "findings" (1), which is what
  // llvm::cl would exit with.
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "corolint: finds blocking calls inside C++20 coroutines, across a whole project.\n\n"
          "Exit status: 0 no findings, 1 findings, 2 the tool could not do its job.\n",
          &errs()))
    return corolint::tool::ToolFailed;

  if (LspWorker)
    return corolint::lsp::runAnalysisWorker();
  if (Lsp) {
    corolint::lsp::ServerOptions S;
    S.BuildPath = BuildPath;
    S.ConfigFile = ConfigFile;
    S.Checks = Checks;
    S.ExtraArgs.assign(ExtraArgs.begin(), ExtraArgs.end());
    S.ExtraArgsBefore.assign(ExtraArgsBefore.begin(), ExtraArgsBefore.end());
    S.WorkerExecutable = sys::fs::getMainExecutable(argv[0], &MainAnchor);
    corolint::lsp::FdSource In(STDIN_FILENO);
    return corolint::lsp::runLanguageServer(S, In, outs(), errs());
  }

  corolint::tool::ToolOptions O;
  O.BuildPath = BuildPath;
  O.Files.assign(Files.begin(), Files.end());
  O.Jobs = Jobs;
  O.Format = Format;
  O.OutputFile = OutputFile;
  O.Fix = Fix;
  O.Root = Root;
  O.BaselineFile = Baseline;
  O.WriteBaselineFile = WriteBaseline;
  O.ConfigFile = ConfigFile;
  O.Checks = Checks;
  O.ExtraArgs.assign(ExtraArgs.begin(), ExtraArgs.end());
  O.ExtraArgsBefore.assign(ExtraArgsBefore.begin(), ExtraArgsBefore.end());
  O.UseCache = !NoCache;
  O.Stats = Stats;
  O.Progress = Progress || ::isatty(STDERR_FILENO);
  return corolint::tool::runCorolint(O, outs(), errs());
}
