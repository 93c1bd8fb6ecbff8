//===- LspServer.cpp ------------------------------------------------------===//
//
// Two threads: the message loop (reads, answers requests, records edits) and
// the scheduler (runs one analysis at a time, each in a child process, see
// LspAnalysis.h). Every open, change or save gives the document a new
// generation; a result is published only if the document still has the
// generation it was analysed at, and the running child is killed as soon as
// its document moves on, so a stale result is never published.
//
//===----------------------------------------------------------------------===//
#include "LspServer.h"
#include "CompileDatabase.h"
#include "LspAnalysis.h"
#include "LspText.h"
#include "Printers.h"
#include "SourceFiles.h"
#include "ToolOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <condition_variable>
#include <deque>
#include <map>
#include <set>
#include <thread>

using clang::tooling::CompilationDatabase;
using clang::tooling::CompileCommand;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace corolint::lsp {
namespace {

class Logger {
public:
  explicit Logger(llvm::raw_ostream &OS) : OS(OS) {}
  void operator()(const llvm::Twine &Message) {
    std::lock_guard<std::mutex> Lock(Mutex);
    OS << "corolint-lsp: " << Message << "\n";
    OS.flush();
  }

private:
  std::mutex Mutex;
  llvm::raw_ostream &OS;
};

/// Compile commands for documents. A document in a compilation database
/// gets its command; one missing from it (a header, a new file) gets a
/// command inferred from the database's nearest file, as clangd does; a
/// document under no database gets DefaultCommand. Used by the scheduler
/// thread only.
class CommandSource {
public:
  CommandSource(std::string BuildPath, Logger &Log) : BuildPath(std::move(BuildPath)), Log(Log) {}

  CompileCommand commandFor(llvm::StringRef File, llvm::ArrayRef<std::string> Roots) {
    if (CompilationDatabase *DB = databaseFor(File, Roots)) {
      std::vector<CompileCommand> Commands = DB->getCompileCommands(File);
      llvm::SmallString<256> Real;
      if (Commands.empty() && !llvm::sys::fs::real_path(File, Real))
        Commands = DB->getCompileCommands(Real);
      if (!Commands.empty())
        return Commands.front();
    }
    // No database: the language and standard coroutines need, in the file's
    // directory (so that its own includes resolve).
    return CompileCommand(llvm::sys::path::parent_path(File), File,
                          {"clang++", "-xc++", "-std=c++20", File.str()}, "");
  }

private:
  static std::optional<std::string> databaseIn(llvm::StringRef Dir) {
    for (const char *Sub : {"", "build"}) {
      llvm::SmallString<256> Candidate(Dir);
      llvm::sys::path::append(Candidate, Sub, "compile_commands.json");
      if (llvm::sys::fs::is_regular_file(Candidate))
        return std::string(Candidate);
    }
    return std::nullopt;
  }

  CompilationDatabase *databaseFor(llvm::StringRef File, llvm::ArrayRef<std::string> Roots) {
    if (!BuildPath.empty()) {
      return load(tool::databaseFile(BuildPath));
    }
    for (llvm::StringRef Dir = llvm::sys::path::parent_path(File); !Dir.empty();
         Dir = llvm::sys::path::parent_path(Dir)) {
      if (auto Found = databaseIn(Dir))
        return load(*Found);
      if (Dir == llvm::sys::path::parent_path(Dir))
        break;
    }
    for (const std::string &Root : Roots)
      if (auto Found = databaseIn(Root))
        return load(*Found);
    return nullptr;
  }

  /// The database in File, reloaded when the file changes (a rebuild).
  CompilationDatabase *load(llvm::StringRef File) {
    llvm::sys::fs::file_status Status;
    if (llvm::sys::fs::status(File, Status) || !llvm::sys::fs::is_regular_file(Status)) {
      if (Complained.insert(File.str()).second)
        Log("no compilation database at '" + File + "'; using the default command");
      return nullptr;
    }
    Loaded &L = Databases[File.str()];
    if (L.DB && L.Modified == Status.getLastModificationTime() && L.Size == Status.getSize())
      return L.DB.get();
    std::string Why;
    auto DB = tool::loadDatabase(File, Why);
    if (!DB) {
      Log(Why);
      L.DB.reset();
      return nullptr;
    }
    L.DB = clang::tooling::inferMissingCompileCommands(std::move(DB));
    L.Modified = Status.getLastModificationTime();
    L.Size = Status.getSize();
    return L.DB.get();
  }

  struct Loaded {
    std::unique_ptr<CompilationDatabase> DB;
    llvm::sys::TimePoint<> Modified;
    uint64_t Size = 0;
  };
  std::string BuildPath;
  Logger &Log;
  std::map<std::string, Loaded> Databases;
  std::set<std::string> Complained;
};

/// One published finding, kept for code actions.
struct Published {
  Finding F;
  Value Diagnostic = nullptr;
  Range R;
};

struct Document {
  std::string Uri;
  int64_t Version = 0;
  std::string Text;
  /// New for every open, change and save.
  uint64_t Generation = 0;
  /// The generation whose results are in Results (0: none yet).
  uint64_t AnalysedGeneration = 0;
  std::vector<Published> Results;
};

/// The range the editor underlines: the name at Offset (a qualified name
/// counts whole), or one character.
Range rangeAt(llvm::StringRef Text, size_t Offset) {
  Offset = std::min(Offset, Text.size());
  size_t End = Offset;
  while (End < Text.size() && (llvm::isAlnum(Text[End]) || Text[End] == '_' ||
                               (Text[End] == ':' && Text.substr(End).starts_with("::"))))
    End += Text[End] == ':' ? 2 : 1;
  if (End == Offset && End < Text.size() && Text[End] != '\n')
    End += utf8SequenceLength(static_cast<unsigned char>(Text[End]));
  return {offsetToPosition(Text, Offset), offsetToPosition(Text, End)};
}

bool intersects(const Range &A, const Range &B) { return A.Start <= B.End && B.Start <= A.End; }

/// Texts of other files the notes point into, read once per publication.
class FileTexts {
public:
  const std::string *get(const std::string &Path) {
    auto [It, New] = Texts.try_emplace(Path);
    if (New) {
      if (auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                                    /*RequiresNullTerminator=*/false))
        It->second = (*Buffer)->getBuffer().str();
    }
    const std::optional<std::string> &Text = It->second;
    return Text ? &*Text : nullptr;
  }

private:
  std::map<std::string, std::optional<std::string>> Texts;
};

Value locationJSON(const Location &L, llvm::StringRef DocPath, llvm::StringRef DocUri,
                   llvm::StringRef DocText, FileTexts &Files) {
  Range R;
  if (L.File == DocPath) {
    R = rangeAt(DocText, L.Offset);
  } else if (const std::string *Text = Files.get(L.File)) {
    R = rangeAt(*Text, L.Offset);
  } else {
    Position P{L.Line ? L.Line - 1 : 0, L.Column ? L.Column - 1 : 0};
    R = {P, P};
  }
  return Object{{"uri", L.File == DocPath ? DocUri.str() : pathToUri(L.File)},
                {"range", toJSON(R)}};
}

/// The findings in the document, as diagnostics. Findings located in other
/// files (headers) are left out: they belong to those files' own analyses.
std::vector<Published> toDiagnostics(const AnalysisResult &Result, llvm::StringRef DocPath,
                                     llvm::StringRef DocUri, llvm::StringRef DocText) {
  std::vector<Published> Out;
  FileTexts Files;
  for (const Finding &F : Result.Findings) {
    if (F.At.File != DocPath)
      continue;
    Published P;
    P.F = F;
    P.R = rangeAt(DocText, F.At.Offset);
    Object D{{"range", toJSON(P.R)},
             {"severity", 2}, // warning, as in clang-tidy
             {"source", "corolint"},
             {"code", F.Check},
             {"codeDescription", Object{{"href", tool::checkDocsUrl(F.Check)}}},
             {"message", F.Message}};
    Array Related;
    for (const Note &N : F.Notes)
      Related.push_back(Object{{"location", locationJSON(N.At, DocPath, DocUri, DocText, Files)},
                               {"message", N.Message}});
    if (!Related.empty())
      D["relatedInformation"] = std::move(Related);
    P.Diagnostic = std::move(D);
    Out.push_back(std::move(P));
  }
  return Out;
}

/// The quick fix for a finding, or null when it has none or the fix edits
/// another file (an edit there could not be placed: its text in the editor
/// is unknown).
Value codeAction(const Published &P, llvm::StringRef DocPath, llvm::StringRef DocUri,
                 llvm::StringRef Text) {
  if (P.F.Fix.empty())
    return nullptr;
  Array Edits;
  for (const Edit &E : P.F.Fix) {
    if (E.File != DocPath || E.Offset + E.Length > Text.size())
      return nullptr;
    Range R{offsetToPosition(Text, E.Offset), offsetToPosition(Text, E.Offset + E.Length)};
    Edits.push_back(Object{{"range", toJSON(R)}, {"newText", E.Text}});
  }
  // Name the main rewrite: "Replace 'sleep(1)' with 'co_await ...'".
  std::string Title = "Apply corolint's fix for '" + P.F.Callee + "'";
  for (const Edit &E : P.F.Fix) {
    llvm::StringRef Old = Text.substr(E.Offset, E.Length);
    if (E.Length && !Old.contains('\n') && !llvm::StringRef(E.Text).contains('\n')) {
      Title = "Replace '" + Old.str() + "' with '" + E.Text + "'";
      break;
    }
  }
  return Object{{"title", Title},
                {"kind", "quickfix"},
                {"isPreferred", true},
                {"diagnostics", Array{P.Diagnostic}},
                {"edit", Object{{"changes", Object{{DocUri, std::move(Edits)}}}}}};
}

class Server {
public:
  Server(const ServerOptions &Options, MessageWriter &Out, Logger &Log)
      : Options(Options), Out(Out), Log(Log), Commands(Options.BuildPath, Log) {
    Scheduler = std::thread([this] { schedulerLoop(); });
  }
  ~Server() { stop(); }

  /// False when the session is over (exit).
  bool handle(const Message &M);
  int exitCode() const { return ShutdownRequested ? 0 : 1; }

  void stop() {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Stopping = true;
    }
    Changed.notify_all();
    if (Scheduler.joinable())
      Scheduler.join();
  }

private:
  void onRequest(const Message &M);
  void onNotification(const Message &M);
  Value initialize(const Object *Params);
  void didOpen(const Object &Params);
  void didChange(const Object &Params);
  void didSave(const Object &Params);
  void didClose(const Object &Params);
  Value codeActions(const Object &Params, std::string &Error);

  /// Queues the document's analysis. Mutex must be held.
  void schedule(const std::string &Path) {
    if (!llvm::is_contained(Queue, Path))
      Queue.push_back(Path);
    Changed.notify_all();
  }
  void schedulerLoop();
  void publish(const Document &D, std::optional<int64_t> Version, Array Diagnostics) {
    Object Params{{"uri", D.Uri}, {"diagnostics", std::move(Diagnostics)}};
    if (Version)
      Params["version"] = *Version;
    Out.notify("textDocument/publishDiagnostics", std::move(Params));
  }

  const ServerOptions &Options;
  MessageWriter &Out;
  Logger &Log;
  bool Initialized = false, ShutdownRequested = false;

  // Shared by both threads, under Mutex.
  std::mutex Mutex;
  std::condition_variable Changed;
  std::map<std::string, Document> Documents; // by path
  std::deque<std::string> Queue;
  std::vector<std::string> Roots;
  uint64_t LastGeneration = 0;
  bool Stopping = false;

  CommandSource Commands; // scheduler thread only
  std::thread Scheduler;
};

bool Server::handle(const Message &M) {
  switch (M.K) {
  case Message::Response:
    return true; // the server sends no requests
  case Message::Request:
    onRequest(M);
    return true;
  case Message::Notification:
    if (M.Method == "exit")
      return false;
    onNotification(M);
    return true;
  }
  return true;
}

void Server::onRequest(const Message &M) {
  const Object *Params = M.Params.getAsObject();
  if (M.Method == "initialize") {
    if (Initialized)
      return Out.replyError(M.Id, InvalidRequest, "initialize was already called");
    Initialized = true;
    return Out.reply(M.Id, initialize(Params));
  }
  if (!Initialized)
    return Out.replyError(M.Id, ServerNotInitialized, "the server is not initialized yet");
  if (ShutdownRequested)
    return Out.replyError(M.Id, InvalidRequest, "the server is shutting down");
  if (M.Method == "shutdown") {
    ShutdownRequested = true;
    stop();
    return Out.reply(M.Id, nullptr);
  }
  if (M.Method == "textDocument/codeAction") {
    std::string Error;
    Value Result = Params ? codeActions(*Params, Error) : Value(nullptr);
    if (!Params || !Error.empty())
      return Out.replyError(M.Id, InvalidParams, Error.empty() ? "codeAction needs params" : Error);
    return Out.reply(M.Id, std::move(Result));
  }
  Out.replyError(M.Id, MethodNotFound, "corolint does not handle '" + M.Method + "'");
}

void Server::onNotification(const Message &M) {
  if (!Initialized || ShutdownRequested)
    return; // LSP: drop notifications before initialize and after shutdown
  const Object *Params = M.Params.getAsObject();
  using Handler = void (Server::*)(const Object &);
  static const std::pair<const char *, Handler> Handlers[] = {
      {"textDocument/didOpen", &Server::didOpen},
      {"textDocument/didChange", &Server::didChange},
      {"textDocument/didSave", &Server::didSave},
      {"textDocument/didClose", &Server::didClose},
  };
  for (const auto &[Name, H] : Handlers) {
    if (M.Method != Name)
      continue;
    if (!Params)
      return Log("ignoring " + M.Method + " without params");
    return (this->*H)(*Params);
  }
  // Anything else ("initialized", "$/cancelRequest", configuration changes)
  // needs nothing from corolint.
}

Value Server::initialize(const Object *Params) {
  std::vector<std::string> Found;
  auto AddRoot = [&](std::optional<llvm::StringRef> Uri) {
    if (Uri)
      if (auto Path = uriToPath(*Uri))
        Found.push_back(*Path);
  };
  if (Params) {
    if (const Array *Folders = Params->getArray("workspaceFolders"))
      for (const Value &F : *Folders)
        if (const Object *O = F.getAsObject())
          AddRoot(O->getString("uri"));
    AddRoot(Params->getString("rootUri"));
    if (auto Path = Params->getString("rootPath"); Path && llvm::sys::path::is_absolute(*Path))
      Found.push_back(Path->str());
  }
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Roots = std::move(Found);
  }
  return Object{
      {"capabilities",
       Object{{"textDocumentSync", Object{{"openClose", true},
                                          {"change", 1}, // full: every change sends the whole text
                                          {"save", Object{{"includeText", false}}}}},
              {"codeActionProvider", Object{{"codeActionKinds", Array{"quickfix"}}}}}},
      {"serverInfo", Object{{"name", "corolint"}, {"version", tool::corolintVersion()}}}};
}

namespace {

/// params.textDocument.uri as a path; nullopt (after logging) otherwise.
std::optional<std::string> documentPath(const Object &Params, llvm::StringRef Method, Logger &Log,
                                        const Object **TextDocument = nullptr) {
  const Object *TD = Params.getObject("textDocument");
  std::optional<llvm::StringRef> Uri = TD ? TD->getString("uri") : std::nullopt;
  if (!Uri) {
    Log("ignoring " + Method + " without textDocument.uri");
    return std::nullopt;
  }
  std::optional<std::string> Path = uriToPath(*Uri);
  if (!Path) // untitled: and other schemes have no file to compile
    return std::nullopt;
  if (TextDocument)
    *TextDocument = TD;
  return tool::absolutePath(*Path);
}

} // namespace

void Server::didOpen(const Object &Params) {
  const Object *TD = nullptr;
  std::optional<std::string> Path = documentPath(Params, "didOpen", Log, &TD);
  if (!Path)
    return;
  std::optional<llvm::StringRef> Text = TD->getString("text");
  if (!Text)
    return Log("ignoring didOpen of '" + *Path + "' without text");
  std::lock_guard<std::mutex> Lock(Mutex);
  Document &D = Documents[*Path];
  D = Document();
  D.Uri = TD->getString("uri").value_or("").str(); // documentPath() found it
  D.Version = TD->getInteger("version").value_or(0);
  D.Text = Text->str();
  D.Generation = ++LastGeneration;
  schedule(*Path);
}

void Server::didChange(const Object &Params) {
  const Object *TD = nullptr;
  std::optional<std::string> Path = documentPath(Params, "didChange", Log, &TD);
  if (!Path)
    return;
  const Array *Changes = Params.getArray("contentChanges");
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Documents.find(*Path);
  if (It == Documents.end())
    return Log("ignoring didChange of '" + *Path + "', which is not open");
  if (!Changes)
    return Log("ignoring didChange of '" + *Path + "' without contentChanges");
  // All changes or none, so that a bad one cannot leave half an edit.
  std::string Text = It->second.Text;
  for (const Value &C : *Changes) {
    const Object *O = C.getAsObject();
    std::optional<llvm::StringRef> NewText = O ? O->getString("text") : std::nullopt;
    std::optional<Range> Where;
    if (O && O->get("range")) {
      Where.emplace();
      llvm::json::Path::Root Root;
      if (!fromJSON(*O->get("range"), *Where, Root))
        NewText.reset();
    }
    if (!NewText || !applyChange(Text, Where, *NewText))
      return Log("ignoring a malformed didChange of '" + *Path + "'");
  }
  Document &D = It->second;
  D.Text = std::move(Text);
  D.Version = TD->getInteger("version").value_or(D.Version + 1);
  D.Generation = ++LastGeneration;
  schedule(*Path);
}

void Server::didSave(const Object &Params) {
  std::optional<std::string> Path = documentPath(Params, "didSave", Log);
  if (!Path)
    return;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Documents.find(*Path);
  if (It == Documents.end())
    return;
  if (std::optional<llvm::StringRef> Text = Params.getString("text"))
    It->second.Text = Text->str();
  // Headers it includes may have changed on disk: analyse again.
  It->second.Generation = ++LastGeneration;
  schedule(*Path);
}

void Server::didClose(const Object &Params) {
  std::optional<std::string> Path = documentPath(Params, "didClose", Log);
  if (!Path)
    return;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Documents.find(*Path);
  if (It == Documents.end())
    return;
  publish(It->second, std::nullopt, Array{}); // clears the editor's list
  Documents.erase(It);
  Changed.notify_all(); // stops its running analysis
}

Value Server::codeActions(const Object &Params, std::string &Error) {
  const Object *TD = Params.getObject("textDocument");
  std::optional<llvm::StringRef> Uri = TD ? TD->getString("uri") : std::nullopt;
  Range Wanted;
  llvm::json::Path::Root Root;
  if (!Uri || !Params.get("range") || !fromJSON(*Params.get("range"), Wanted, Root)) {
    Error = "codeAction needs textDocument.uri and a range";
    return nullptr;
  }
  Array Actions;
  // Only quick fixes are offered; a client asking for other kinds gets none.
  if (const Object *Context = Params.getObject("context"))
    if (const Array *Only = Context->getArray("only")) {
      bool Wants = llvm::any_of(*Only, [](const Value &K) {
        auto Kind = K.getAsString();
        return Kind && (Kind->empty() || *Kind == "quickfix" || Kind->starts_with("quickfix."));
      });
      if (!Wants)
        return Actions;
    }
  std::optional<std::string> Path = uriToPath(*Uri);
  if (!Path)
    return Actions;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Documents.find(tool::absolutePath(*Path));
  // Fixes are offsets into the analysed text: none while the document has
  // changed since.
  if (It == Documents.end() || It->second.AnalysedGeneration != It->second.Generation)
    return Actions;
  const Document &D = It->second;
  for (const Published &P : D.Results)
    if (intersects(P.R, Wanted))
      if (Value A = codeAction(P, It->first, D.Uri, D.Text); A.kind() != Value::Null)
        Actions.push_back(std::move(A));
  return Actions;
}

void Server::schedulerLoop() {
  for (;;) {
    std::string Path, Uri, Text;
    uint64_t Generation = 0;
    int64_t Version = 0;
    std::vector<std::string> RootsNow;
    {
      std::unique_lock<std::mutex> Lock(Mutex);
      Changed.wait(Lock, [&] { return Stopping || !Queue.empty(); });
      if (Stopping)
        return;
      Path = Queue.front();
      Queue.pop_front();
      auto It = Documents.find(Path);
      if (It == Documents.end())
        continue;
      Uri = It->second.Uri;
      Text = It->second.Text;
      Generation = It->second.Generation;
      Version = It->second.Version;
      RootsNow = Roots;
    }
    // True once this analysis is outdated; waits up to 20 ms for a change.
    auto Outdated = [&]() {
      std::unique_lock<std::mutex> Lock(Mutex);
      auto Check = [&] {
        auto It = Documents.find(Path);
        return Stopping || It == Documents.end() || It->second.Generation != Generation;
      };
      return Changed.wait_for(Lock, std::chrono::milliseconds(20), Check);
    };

    AnalysisRequest Request;
    Request.Command = Commands.commandFor(Path, RootsNow);
    Request.DocumentPath = Path;
    Request.Contents = Text;
    Request.ConfigFile = Options.ConfigFile;
    Request.Checks = Options.Checks;
    Request.ExtraArgs = Options.ExtraArgs;
    Request.ExtraArgsBefore = Options.ExtraArgsBefore;
    AnalysisResult Result;
    std::string Why;
    ChildOutcome Outcome = runInChild(Options.WorkerExecutable, Request, Options.AnalysisTimeout,
                                      Outdated, Result, Why);
    if (Outcome == ChildOutcome::Cancelled)
      continue; // a newer generation is queued (or the document closed)

    std::vector<Published> Results;
    if (Outcome == ChildOutcome::Done && Result.Parsed) {
      // Quiet when all is well: editors show a server's stderr as errors.
      Results = toDiagnostics(Result, Path, Uri, Text);
    } else {
      // No findings are known for this version: the earlier ones are
      // cleared rather than left pointing at text that has changed.
      if (Outcome == ChildOutcome::Done)
        Why = "cannot analyse it: " + Result.Failure;
      std::string Message = llvm::formatv("corolint: {0}: {1}", Path, Why).str();
      Log(Message + (Result.Diagnostics.empty() ? "" : "\n" + Result.Diagnostics));
      Out.notify("window/logMessage",
                 Object{{"type", Outcome == ChildOutcome::Done ? 3 : 2}, // info, warning
                        {"message", Message}});
    }

    std::lock_guard<std::mutex> Lock(Mutex);
    auto It = Documents.find(Path);
    if (It == Documents.end() || It->second.Generation != Generation)
      continue; // outdated while the result was read: never published
    Document &D = It->second;
    Array Diagnostics;
    for (const Published &P : Results)
      Diagnostics.push_back(P.Diagnostic);
    D.Results = std::move(Results);
    D.AnalysedGeneration = Generation;
    publish(D, Version, std::move(Diagnostics));
  }
}

} // namespace

int runLanguageServer(const ServerOptions &Options, ByteSource &In, llvm::raw_fd_ostream &OutStream,
                      llvm::raw_ostream &LogStream) {
  Logger Log(LogStream);
  MessageWriter Out(OutStream);
  MessageReader Reader(In, Options.MaxMessageBytes);
  Server S(Options, Out, Log);
  for (;;) {
    ReadResult R = Reader.read();
    if (R.K == ReadResult::End) {
      if (!R.Problem.empty())
        Log(R.Problem);
      break;
    }
    if (R.K == ReadResult::Malformed) {
      // The bytes are skipped; say so to the client (JSON-RPC's null id:
      // no request can be named).
      Log("skipped " + R.Problem);
      Out.replyError(nullptr, InvalidRequest, "corolint skipped " + R.Problem);
      continue;
    }
    Message M;
    ParseFailure Failure;
    if (!parseMessage(R.Body, M, Failure)) {
      Log("bad message: " + Failure.Reason);
      if (Failure.NeedsReply)
        Out.replyError(Failure.Id, Failure.Code, Failure.Reason);
      continue;
    }
    if (!S.handle(M))
      break;
  }
  S.stop();
  return S.exitCode();
}

} // namespace corolint::lsp
