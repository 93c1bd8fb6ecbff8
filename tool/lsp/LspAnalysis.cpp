//===- LspAnalysis.cpp ----------------------------------------------------===//
#include "LspAnalysis.h"
#include "CheckConfig.h"
#include "FindingList.h"
#include "Serialization.h"
#include "SourceFiles.h"
#include "UnitAnalyzer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <csignal>
#include <thread>

using llvm::json::Object;
using llvm::json::Value;

namespace corolint::lsp {

Value toJSON(const AnalysisRequest &R) {
  return Object{{"directory", R.Command.Directory},
                {"file", R.Command.Filename},
                {"arguments", R.Command.CommandLine},
                {"documentPath", R.DocumentPath},
                {"contents", R.Contents},
                {"configFile", R.ConfigFile},
                {"checks", R.Checks},
                {"extraArgs", R.ExtraArgs},
                {"extraArgsBefore", R.ExtraArgsBefore}};
}

bool fromJSON(const Value &V, AnalysisRequest &R, llvm::json::Path P) {
  llvm::json::ObjectMapper O(V, P);
  return O && O.map("directory", R.Command.Directory) && O.map("file", R.Command.Filename) &&
         O.map("arguments", R.Command.CommandLine) && O.map("documentPath", R.DocumentPath) &&
         O.map("contents", R.Contents) && O.map("configFile", R.ConfigFile) &&
         O.map("checks", R.Checks) && O.map("extraArgs", R.ExtraArgs) &&
         O.map("extraArgsBefore", R.ExtraArgsBefore);
}

Value toJSON(const AnalysisResult &R) {
  llvm::json::Array Findings;
  for (const Finding &F : R.Findings)
    Findings.push_back(corolint::toJSON(F));
  return Object{{"parsed", R.Parsed},
                {"failure", R.Failure},
                {"diagnostics", R.Diagnostics},
                {"findings", std::move(Findings)}};
}

bool fromJSON(const Value &V, AnalysisResult &R, llvm::json::Path P) {
  llvm::json::ObjectMapper O(V, P);
  return O && O.map("parsed", R.Parsed) && O.map("failure", R.Failure) &&
         O.map("diagnostics", R.Diagnostics) && O.map("findings", R.Findings);
}

AnalysisResult analyzeRequest(const AnalysisRequest &Request) {
  AnalysisResult Out;
  const clang::tooling::CompileCommand &Command = Request.Command;
  std::string MainFile = tool::absolutePath(Command.Filename, Command.Directory);

  // The buffer replaces the disk copy (which may differ, or be gone) under
  // both names: the command's, which clang opens, and the editor's.
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  for (const std::string &Path : {MainFile, Request.DocumentPath})
    if (!Path.empty())
      Memory->addFile(Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Request.Contents, Path));
  auto Overlay =
      llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(llvm::vfs::getRealFileSystem());
  Overlay->pushOverlay(Memory);

  auto Config = tool::CheckConfig::create(Request.ConfigFile, Request.Checks);
  if (!Config) {
    Out.Failure = llvm::toString(Config.takeError());
    return Out;
  }
  tool::UnitConfig Unit = Config->forFile(MainFile);
  tool::ParseSettings Settings{Request.ExtraArgs, Request.ExtraArgsBefore, Overlay};
  tool::UnitResult R = tool::analyzeUnit(Command, Unit, Settings);
  Out.Parsed = R.Parsed;
  Out.Failure = std::move(R.Failure);
  Out.Diagnostics = std::move(R.Diagnostics);
  if (!R.Parsed)
    return Out;
  // Chains through helpers this translation unit defines; helpers defined in
  // other files are only seen by the command's project-wide run.
  auto On = [](llvm::StringRef) { return true; };
  tool::RunFindings Run{std::move(R.Findings), {&R.Summary}, nullptr, R.MainFile};
  if (Unit.Enabled.count(TransitiveCheckName))
    Run.TransitiveEnabledIn = On;
  // NOLINT comments as the editor's buffer has them, other files as on disk.
  tool::SourceFiles Disk;
  Out.Findings =
      tool::reportedFindings(std::move(Run), [&](llvm::StringRef File) -> const std::string * {
        return File == Request.DocumentPath || File == MainFile ? &Request.Contents
                                                                : Disk.content(File);
      });
  if (!Request.DocumentPath.empty() && Request.DocumentPath != R.MainFile) {
    auto Rename = [&](std::string &File) {
      if (File == R.MainFile)
        File = Request.DocumentPath;
    };
    for (Finding &F : Out.Findings) {
      Rename(F.At.File);
      for (Note &N : F.Notes)
        Rename(N.At.File);
      for (Edit &E : F.Fix)
        Rename(E.File);
    }
  }
  return Out;
}

int runAnalysisWorker() {
  auto Input = llvm::MemoryBuffer::getSTDIN();
  if (!Input) {
    llvm::errs() << "corolint --lsp-worker: cannot read the request: " << Input.getError().message()
                 << "\n";
    return 2;
  }
  AnalysisRequest Request;
  llvm::Expected<Value> Parsed = llvm::json::parse((*Input)->getBuffer());
  if (!Parsed) {
    llvm::errs() << "corolint --lsp-worker: " << llvm::toString(Parsed.takeError()) << "\n";
    return 2;
  }
  llvm::json::Path::Root Root("request");
  if (!fromJSON(*Parsed, Request, Root)) {
    llvm::errs() << "corolint --lsp-worker: " << llvm::toString(Root.getError()) << "\n";
    return 2;
  }
  llvm::outs() << toJSON(analyzeRequest(Request));
  llvm::outs().flush();
  return llvm::outs().has_error() ? 2 : 0;
}

ChildOutcome runInChild(llvm::StringRef Executable, const AnalysisRequest &Request,
                        std::chrono::milliseconds Timeout, const std::function<bool()> &ShouldStop,
                        AnalysisResult &Result, std::string &Why) {
  llvm::SmallString<128> RequestFile, ResultFile;
  if (std::error_code EC =
          llvm::sys::fs::createTemporaryFile("corolint-lsp-request", "json", RequestFile)) {
    Why = "cannot create a temporary file: " + EC.message();
    return ChildOutcome::Failed;
  }
  llvm::FileRemover RemoveRequest(RequestFile);
  if (std::error_code EC =
          llvm::sys::fs::createTemporaryFile("corolint-lsp-result", "json", ResultFile)) {
    Why = "cannot create a temporary file: " + EC.message();
    return ChildOutcome::Failed;
  }
  llvm::FileRemover RemoveResult(ResultFile);
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(RequestFile, EC);
    if (!EC) {
      OS << toJSON(Request);
      OS.close();
      if (OS.has_error()) {
        EC = OS.error();
        OS.clear_error();
      }
    }
    if (EC) {
      Why = "cannot write '" + RequestFile.str().str() + "': " + EC.message();
      return ChildOutcome::Failed;
    }
  }

  // Standard input and output are files; standard error is the server's (the
  // editor's log), where a crashing child's stack trace belongs.
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(RequestFile),
                                                llvm::StringRef(ResultFile), std::nullopt};
  std::string Error;
  bool ExecutionFailed = false;
  llvm::sys::ProcessInfo Child =
      llvm::sys::ExecuteNoWait(Executable, {Executable, "--lsp-worker"}, std::nullopt, Redirects, 0,
                               &Error, &ExecutionFailed);
  if (ExecutionFailed || Child.Pid == llvm::sys::ProcessInfo::InvalidPid) {
    Why = "cannot start '" + Executable.str() + "': " + Error;
    return ChildOutcome::Failed;
  }
  auto Stop = [&] {
    ::kill(Child.Pid, SIGKILL);
    llvm::sys::Wait(Child, std::nullopt);
  };
  auto Deadline = std::chrono::steady_clock::now() + Timeout;
  for (;;) {
    std::string WaitError;
    llvm::sys::ProcessInfo Status =
        llvm::sys::Wait(Child, /*SecondsToWait=*/0, &WaitError, nullptr, /*Polling=*/true);
    if (Status.Pid == Child.Pid) {
      if (Status.ReturnCode != 0) {
        Why = Status.ReturnCode == -2
                  ? "the analysis crashed (" + WaitError + ")"
                  : "the analysis failed (exit code " + std::to_string(Status.ReturnCode) + ")";
        return ChildOutcome::Failed;
      }
      break;
    }
    if (Status.Pid != 0) { // waitpid failed
      Why = "cannot wait for the analysis: " + WaitError;
      Stop();
      return ChildOutcome::Failed;
    }
    if (ShouldStop()) {
      Stop();
      return ChildOutcome::Cancelled;
    }
    if (std::chrono::steady_clock::now() >= Deadline) {
      Stop();
      Why = "the analysis took longer than " + std::to_string(Timeout.count() / 1000) + " s";
      return ChildOutcome::TimedOut;
    }
  }

  auto Output = llvm::MemoryBuffer::getFile(ResultFile);
  if (!Output) {
    Why = "cannot read the analysis result: " + Output.getError().message();
    return ChildOutcome::Failed;
  }
  llvm::Expected<Value> Parsed = llvm::json::parse((*Output)->getBuffer());
  if (!Parsed) {
    Why = "the analysis wrote no result (" + llvm::toString(Parsed.takeError()) + ")";
    return ChildOutcome::Failed;
  }
  llvm::json::Path::Root Root("result");
  if (!fromJSON(*Parsed, Result, Root)) {
    Why = "the analysis wrote an invalid result (" + llvm::toString(Root.getError()) + ")";
    return ChildOutcome::Failed;
  }
  return ChildOutcome::Done;
}

} // namespace corolint::lsp
