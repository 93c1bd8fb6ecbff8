//===- LspServerTest.cpp - corolint --lsp, driven like an editor ----------===//
//
// Each test runs the server on a thread, talking to it over pipes with the
// transport's own reader and writer, on a small project in a temporary
// directory. Analyses run in real `corolint --lsp-worker` children (the
// binary is COROLINT_BINARY), on code built against corio's headers.
//
//===----------------------------------------------------------------------===//
#include "LspServer.h"
#include "LspText.h"
#include "LspTransport.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "gtest/gtest.h"
#include <fstream>
#include <poll.h>
#include <thread>
#include <unistd.h>

namespace llvm::json {
// For gtest's messages.
inline std::ostream &operator<<(std::ostream &OS, const Value &V) {
  std::string S;
  llvm::raw_string_ostream(S) << V;
  return OS << S;
}
} // namespace llvm::json

using namespace corolint::lsp;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

constexpr int WaitMs = 60000; // generous: the machine is shared

const char *Blocking = R"(#include <corio/task.hpp>
#include <unistd.h>

corio::task<void> nap() {
  /* é𝄞 */ sleep(1);
  co_return;
}
)";

const char *Clean = R"(#include <corio/task.hpp>

corio::task<void> nap() {
  co_return;
}
)";

/// Reads the server's output, giving up after WaitMs without a byte.
class PollSource : public ByteSource {
public:
  explicit PollSource(int Fd) : Fd(Fd) {}
  size_t read(char *Buffer, size_t Size) override {
    pollfd P{Fd, POLLIN, 0};
    if (::poll(&P, 1, WaitMs) <= 0)
      return 0;
    ssize_t N = ::read(Fd, Buffer, Size);
    return N > 0 ? static_cast<size_t>(N) : 0;
  }

private:
  int Fd;
};

class Project {
public:
  Project() {
    llvm::SmallString<128> D;
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("corolint-lsp", D));
    Dir = std::string(D);
  }
  ~Project() { llvm::sys::fs::remove_directories(Dir); }
  std::string path(llvm::StringRef Name) const { return Dir + "/" + Name.str(); }
  std::string uri(llvm::StringRef Name) const { return pathToUri(path(Name)); }
  void write(llvm::StringRef Name, llvm::StringRef Text) const {
    std::ofstream(path(Name), std::ios::binary) << Text.str();
  }
  /// A compile_commands.json listing main.cpp, built against corio.
  void writeDatabase() const {
    Array Args{"clang++", "-std=c++20", "-I" COROLINT_RUNTIME_INCLUDE, "-c", "main.cpp"};
    Array DB{Object{{"directory", Dir}, {"file", "main.cpp"}, {"arguments", std::move(Args)}}};
    std::string Text;
    llvm::raw_string_ostream(Text) << Value(std::move(DB));
    write("compile_commands.json", Text);
  }
  std::string Dir;
};

class Session {
public:
  explicit Session(ServerOptions Options = {}) {
    if (Options.WorkerExecutable.empty())
      Options.WorkerExecutable = COROLINT_BINARY;
    EXPECT_EQ(::pipe(ToServer), 0);
    EXPECT_EQ(::pipe(FromServer), 0);
    Server = std::thread([this, Options] {
      FdSource In(ToServer[0]);
      llvm::raw_fd_ostream Out(FromServer[1], /*shouldClose=*/true);
      llvm::raw_string_ostream Log(LogText);
      ExitCode = runLanguageServer(Options, In, Out, Log);
    });
    Source = std::make_unique<PollSource>(FromServer[0]);
    Reader = std::make_unique<MessageReader>(*Source);
  }
  ~Session() {
    closeInput();
    if (Server.joinable())
      Server.join();
    ::close(ToServer[0]);
    ::close(FromServer[0]);
  }

  void sendRaw(llvm::StringRef Bytes) {
    ASSERT_EQ(::write(ToServer[1], Bytes.data(), Bytes.size()), ssize_t(Bytes.size()));
  }
  void send(Value Message) { sendRaw(frame(Message)); }
  void request(int64_t Id, llvm::StringRef Method, Value Params = Object{}) {
    send(Object{{"jsonrpc", "2.0"}, {"id", Id}, {"method", Method}, {"params", std::move(Params)}});
  }
  void notify(llvm::StringRef Method, Value Params) {
    send(Object{{"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}});
  }

  /// The next message from the server (null at the end or after WaitMs).
  Value next() {
    ReadResult R = Reader->read();
    if (R.K != ReadResult::Message)
      return nullptr;
    auto V = llvm::json::parse(R.Body);
    if (!V)
      return llvm::consumeError(V.takeError()), nullptr;
    Seen.push_back(*V);
    return *V;
  }
  /// Messages until one satisfies Pred; that one (null if none came).
  Value waitFor(const std::function<bool(const Object &)> &Pred) {
    for (Value V = next(); V.kind() != Value::Null; V = next())
      if (const Object *O = V.getAsObject(); O && Pred(*O))
        return V;
    return nullptr;
  }
  Value response(int64_t Id) {
    return waitFor([&](const Object &O) { return O.getInteger("id") == Id; });
  }
  /// The next publishDiagnostics for Uri (and Version, if given).
  Value diagnostics(llvm::StringRef Uri, std::optional<int64_t> Version = std::nullopt) {
    return waitFor([&](const Object &O) {
      const Object *P = O.getObject("params");
      return O.getString("method") == "textDocument/publishDiagnostics" && P &&
             P->getString("uri") == Uri && (!Version || P->getInteger("version") == Version);
    });
  }

  void initialize(llvm::StringRef RootUri = "") {
    request(1, "initialize",
            Object{{"processId", nullptr},
                   {"rootUri", RootUri.empty() ? Value(nullptr) : Value(RootUri)},
                   {"capabilities", Object{}}});
    Value R = response(1);
    ASSERT_NE(R.getAsObject()->getObject("result"), nullptr);
    notify("initialized", Object{});
  }
  void open(llvm::StringRef Uri, llvm::StringRef Text, int64_t Version = 1) {
    notify("textDocument/didOpen", Object{{"textDocument", Object{{"uri", Uri},
                                                                  {"languageId", "cpp"},
                                                                  {"version", Version},
                                                                  {"text", Text}}}});
  }
  void change(llvm::StringRef Uri, llvm::StringRef Text, int64_t Version) {
    notify("textDocument/didChange",
           Object{{"textDocument", Object{{"uri", Uri}, {"version", Version}}},
                  {"contentChanges", Array{Object{{"text", Text}}}}});
  }
  Value codeActions(int64_t Id, llvm::StringRef Uri, Range R, Value Only = nullptr) {
    Object Context{{"diagnostics", Array{}}};
    if (Only.kind() != Value::Null)
      Context["only"] = std::move(Only);
    request(Id, "textDocument/codeAction",
            Object{{"textDocument", Object{{"uri", Uri}}},
                   {"range", toJSON(R)},
                   {"context", std::move(Context)}});
    return response(Id);
  }
  /// Shutdown, exit; the server's exit code.
  int finish() {
    request(99, "shutdown");
    EXPECT_NE(response(99).kind(), Value::Null);
    notify("exit", Object{});
    return join();
  }
  int join() {
    if (Server.joinable())
      Server.join();
    return ExitCode;
  }
  void closeInput() {
    if (ToServer[1] >= 0)
      ::close(ToServer[1]);
    ToServer[1] = -1;
  }

  std::vector<Value> Seen;
  std::string LogText;

private:
  int ToServer[2] = {-1, -1}, FromServer[2] = {-1, -1};
  std::thread Server;
  int ExitCode = -1;
  std::unique_ptr<PollSource> Source;
  std::unique_ptr<MessageReader> Reader;
};

const Array &diagnosticsOf(const Value &Publish) {
  static const Array None;
  const Object *O = Publish.getAsObject();
  const Object *P = O ? O->getObject("params") : nullptr;
  const Array *D = P ? P->getArray("diagnostics") : nullptr;
  return D ? *D : None;
}

Range rangeOf(const Value &Diagnostic) {
  Range R;
  llvm::json::Path::Root Root;
  EXPECT_TRUE(fromJSON(*Diagnostic.getAsObject()->get("range"), R, Root));
  return R;
}

/// The text after applying a WorkspaceEdit's edits to Uri (from the end, as
/// editors do: the ranges refer to the text before the edit).
std::string applied(std::string Text, const Value &WorkspaceEdit, llvm::StringRef Uri) {
  const Array *Edits = WorkspaceEdit.getAsObject()->getObject("changes")->getArray(Uri);
  EXPECT_NE(Edits, nullptr);
  std::vector<std::pair<Range, std::string>> List;
  for (const Value &E : *Edits) {
    Range R;
    llvm::json::Path::Root Root;
    EXPECT_TRUE(fromJSON(*E.getAsObject()->get("range"), R, Root));
    List.push_back({R, E.getAsObject()->getString("newText")->str()});
  }
  std::sort(List.begin(), List.end(),
            [](auto &A, auto &B) { return !(A.first.Start <= B.first.Start); });
  for (auto &[R, NewText] : List)
    EXPECT_TRUE(applyChange(Text, R, NewText));
  return Text;
}

TEST(LspServerTest, PublishesTheUnsavedBufferAndOffersItsFixes) {
  Project P;
  P.writeDatabase();
  P.write("main.cpp", Clean); // the disk copy has no finding: the buffer has
  Session S;
  S.initialize(pathToUri(P.Dir));
  S.open(P.uri("main.cpp"), Blocking);
  Value Publish = S.diagnostics(P.uri("main.cpp"), 1);
  const Array &Diags = diagnosticsOf(Publish);
  ASSERT_EQ(Diags.size(), 1u) << Publish;
  const Object &D = *Diags[0].getAsObject();
  EXPECT_EQ(D.getString("source"), "corolint");
  EXPECT_EQ(D.getString("code"), "corolint-blocking-sleep");
  EXPECT_EQ(D.getInteger("severity"), 2);
  // Line 5, after "  /* é𝄞 */ ": 12 UTF-16 units (14 bytes); "sleep" underlined.
  Range R = rangeOf(Diags[0]);
  EXPECT_EQ(R.Start, (Position{4, 12}));
  EXPECT_EQ(R.End, (Position{4, 17}));
  const Array *Related = D.getArray("relatedInformation");
  ASSERT_NE(Related, nullptr);
  ASSERT_EQ(Related->size(), 1u);
  EXPECT_EQ((*Related)[0].getAsObject()->getString("message"), "coroutine 'nap' starts here");
  EXPECT_EQ(*(*Related)[0].getAsObject()->getObject("location")->getString("uri"),
            P.uri("main.cpp"));

  Value Actions = S.codeActions(2, P.uri("main.cpp"), R);
  const Array *List = Actions.getAsObject()->getArray("result");
  ASSERT_NE(List, nullptr) << Actions;
  ASSERT_EQ(List->size(), 1u);
  const Object &A = *(*List)[0].getAsObject();
  EXPECT_EQ(A.getString("kind"), "quickfix");
  std::string Fixed = applied(Blocking, *A.get("edit"), P.uri("main.cpp"));
  EXPECT_NE(Fixed.find("  /* é𝄞 */ co_await corio::sleep_for(std::chrono::seconds(1));\n"),
            std::string::npos)
      << Fixed;
  EXPECT_NE(Fixed.find("#include <corio/sleep.hpp>\n"), std::string::npos) << Fixed;

  // Elsewhere, or for other kinds of action: nothing.
  Value None = S.codeActions(3, P.uri("main.cpp"), Range{{0, 0}, {0, 3}});
  EXPECT_EQ(*None.getAsObject()->getArray("result"), Array{});
  Value Refactors = S.codeActions(4, P.uri("main.cpp"), R, Array{"refactor"});
  EXPECT_EQ(*Refactors.getAsObject()->getArray("result"), Array{});

  // A file the database does not list gets a command inferred from it
  // (corio's include path): its finding is reported.
  S.open(P.uri("other.cpp"), Blocking);
  EXPECT_EQ(diagnosticsOf(S.diagnostics(P.uri("other.cpp"), 1)).size(), 1u);
  EXPECT_EQ(S.finish(), 0);
}

/// Files named <Prefix>.* in Dir (the wrapper workers leave one per start).
size_t countStarts(const Project &P) {
  size_t N = 0;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(P.Dir, EC), End; It != End && !EC; It.increment(EC))
    N += llvm::sys::path::filename(It->path()).starts_with("started.");
  return N;
}

/// Waits (boundedly) until N analyses have started.
bool waitForStarts(const Project &P, size_t N) {
  for (int I = 0; I < WaitMs / 10; ++I) {
    if (countStarts(P) >= N)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

/// A worker script that records its start, then runs Command.
std::string writeWorker(const Project &P, llvm::StringRef Name, llvm::StringRef Command) {
  P.write(Name, "#!/bin/sh\ntouch '" + P.Dir + "/started.'$$\n" + Command.str() + "\n");
  EXPECT_FALSE(llvm::sys::fs::setPermissions(P.path(Name), llvm::sys::fs::all_all));
  return P.path(Name);
}

TEST(LspServerTest, AChainThroughHelpersIsRelatedInformation) {
  Project P;
  P.writeDatabase();
  Session S;
  S.initialize();
  std::string Uri = P.uri("main.cpp");
  S.open(Uri, R"(#include <corio/task.hpp>
#include <unistd.h>

static void pause_briefly() { usleep(10); }
static void tick() { pause_briefly(); }

corio::task<void> loop() {
  tick();
  co_return;
}
)");
  Value Publish = S.diagnostics(Uri, 1);
  const Array &Diags = diagnosticsOf(Publish);
  ASSERT_EQ(Diags.size(), 1u) << Publish;
  const Object &D = *Diags[0].getAsObject();
  EXPECT_EQ(D.getString("code"), "corolint-blocking-transitive");
  EXPECT_EQ(rangeOf(Diags[0]).Start, (Position{7, 2})); // the call to tick
  const Array *Related = D.getArray("relatedInformation");
  ASSERT_NE(Related, nullptr);
  // The coroutine, then each step of the chain, each at its line.
  std::vector<std::pair<unsigned, std::string>> Steps;
  for (const Value &R : *Related) {
    const Object &O = *R.getAsObject();
    Range At;
    llvm::json::Path::Root Root;
    ASSERT_TRUE(fromJSON(*O.getObject("location")->get("range"), At, Root));
    EXPECT_EQ(*O.getObject("location")->getString("uri"), Uri);
    Steps.push_back({At.Start.Line, O.getString("message")->str()});
  }
  ASSERT_EQ(Steps.size(), 3u) << Publish;
  EXPECT_EQ(Steps[0].first, 6u);
  EXPECT_EQ(Steps[1].first, 4u);
  EXPECT_EQ(Steps[2].first, 3u);
  EXPECT_NE(Steps[2].second.find("usleep"), std::string::npos) << Steps[2].second;
  EXPECT_EQ(S.finish(), 0);
}

TEST(LspServerTest, ANewerEditSupersedesAnOlderAnalysis) {
  Project P;
  P.writeDatabase();
  P.write("main.cpp", Blocking);
  ServerOptions O;
  O.WorkerExecutable = writeWorker(P, "worker.sh", "exec " COROLINT_BINARY " \"$@\"");
  Session S(O);
  S.initialize();
  std::string Uri = P.uri("main.cpp");
  S.open(Uri, Blocking, 1);
  ASSERT_TRUE(waitForStarts(P, 1));
  S.change(Uri, Clean, 2); // while version 1 is being analysed
  Value Two = S.diagnostics(Uri);
  EXPECT_EQ(Two.getAsObject()->getObject("params")->getInteger("version"), 2) << Two;
  EXPECT_TRUE(diagnosticsOf(Two).empty());

  S.change(Uri, Blocking, 3);
  ASSERT_EQ(diagnosticsOf(S.diagnostics(Uri, 3)).size(), 1u);
  // Changed again: until version 4 is analysed, version 3's fixes would
  // land in the wrong place, so none are offered.
  S.change(Uri, std::string("// moved\n") + Blocking, 4);
  Value Stale = S.codeActions(5, Uri, Range{{4, 0}, {6, 0}});
  EXPECT_EQ(*Stale.getAsObject()->getArray("result"), Array{});
  Value Four = S.diagnostics(Uri, 4);
  ASSERT_EQ(diagnosticsOf(Four).size(), 1u);
  EXPECT_EQ(rangeOf(diagnosticsOf(Four)[0]).Start.Line, 5u);
  EXPECT_EQ(S.finish(), 0);

  for (const Value &V : S.Seen) {
    const Object *Params = V.getAsObject()->getObject("params");
    if (V.getAsObject()->getString("method") == "textDocument/publishDiagnostics") {
      EXPECT_NE(Params->getInteger("version"), 1) << "published an outdated version: " << V;
    }
  }
}

TEST(LspServerTest, AnEditStopsTheRunningAnalysisAtOnce) {
  Project P;
  P.writeDatabase();
  ServerOptions O;
  // Never finishes by itself: only being killed ends it (the timeout is far).
  O.WorkerExecutable = writeWorker(P, "worker.sh", "exec sleep 120");
  O.AnalysisTimeout = std::chrono::seconds(100);
  Session S(O);
  S.initialize();
  std::string Uri = P.uri("main.cpp");
  S.open(Uri, Blocking, 1);
  ASSERT_TRUE(waitForStarts(P, 1));
  auto Edited = std::chrono::steady_clock::now();
  S.change(Uri, Clean, 2);
  ASSERT_TRUE(waitForStarts(P, 2));
  EXPECT_LT(std::chrono::steady_clock::now() - Edited, std::chrono::seconds(30));
  auto Shutdown = std::chrono::steady_clock::now();
  EXPECT_EQ(S.finish(), 0); // stops the second one
  EXPECT_LT(std::chrono::steady_clock::now() - Shutdown, std::chrono::seconds(30));
}

TEST(LspServerTest, FilesUnderNoDatabaseUseTheDefaultCommand) {
  Project P; // no compile_commands.json here or above /tmp
  P.write("coro.h", R"(#include <coroutine>
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
)");
  Session S;
  S.initialize();
  S.open(P.uri("lone.cpp"), "#include \"coro.h\"\n#include <unistd.h>\n"
                            "task t() { usleep(5); co_return; }\n");
  Value Publish = S.diagnostics(P.uri("lone.cpp"), 1);
  ASSERT_EQ(diagnosticsOf(Publish).size(), 1u) << Publish << S.LogText;
  EXPECT_EQ(diagnosticsOf(Publish)[0].getAsObject()->getString("code"), "corolint-blocking-sleep");
  EXPECT_EQ(S.finish(), 0);
}

TEST(LspServerTest, AFileDeletedWhileOpenIsAnalysedFromItsBuffer) {
  Project P;
  P.writeDatabase();
  P.write("main.cpp", Blocking);
  Session S;
  S.initialize();
  std::string Uri = P.uri("main.cpp");
  S.open(Uri, Blocking);
  ASSERT_EQ(diagnosticsOf(S.diagnostics(Uri, 1)).size(), 1u);
  ASSERT_FALSE(llvm::sys::fs::remove(P.path("main.cpp")));
  S.change(Uri, std::string("\n") + Blocking, 2);
  Value Two = S.diagnostics(Uri, 2);
  ASSERT_EQ(diagnosticsOf(Two).size(), 1u) << Two;
  EXPECT_EQ(rangeOf(diagnosticsOf(Two)[0]).Start.Line, 5u);
  S.notify("textDocument/didSave", Object{{"textDocument", Object{{"uri", Uri}}}});
  EXPECT_EQ(diagnosticsOf(S.diagnostics(Uri, 2)).size(), 1u);
  // Closing clears the editor's list.
  S.notify("textDocument/didClose", Object{{"textDocument", Object{{"uri", Uri}}}});
  Value Closed = S.diagnostics(Uri);
  EXPECT_TRUE(diagnosticsOf(Closed).empty());
  EXPECT_EQ(Closed.getAsObject()->getObject("params")->get("version"), nullptr);
  EXPECT_EQ(S.finish(), 0);
}

TEST(LspServerTest, CodeThatDoesNotCompileClearsTheFindingsAndSaysWhy) {
  Project P;
  P.writeDatabase();
  Session S;
  S.initialize();
  std::string Uri = P.uri("main.cpp");
  S.open(Uri, Blocking);
  ASSERT_EQ(diagnosticsOf(S.diagnostics(Uri, 1)).size(), 1u);
  S.change(Uri, std::string(Blocking) + "int broken(\n", 2);
  Value Log =
      S.waitFor([](const Object &O) { return O.getString("method") == "window/logMessage"; });
  ASSERT_NE(Log.kind(), Value::Null);
  auto Message = Log.getAsObject()->getObject("params")->getString("message");
  EXPECT_TRUE(Message && Message->contains("does not compile")) << Log;
  EXPECT_TRUE(diagnosticsOf(S.diagnostics(Uri, 2)).empty());
  EXPECT_EQ(S.finish(), 0);
}

TEST(LspServerTest, ProtocolErrorsGetRepliesAndTheServerKeepsServing) {
  ServerOptions O;
  O.MaxMessageBytes = 1024;
  Session S(O);
  auto ErrorOf = [&](int64_t Id) {
    Value R = S.response(Id);
    const Object *E = R.getAsObject() ? R.getAsObject()->getObject("error") : nullptr;
    return E ? E->getInteger("code").value_or(0) : 0;
  };
  auto NullIdError = [&] {
    Value R = S.waitFor([](const Object &M) { return M.get("id") && !M.getInteger("id"); });
    const Object *E = R.getAsObject() ? R.getAsObject()->getObject("error") : nullptr;
    return E ? E->getInteger("code").value_or(0) : 0;
  };
  S.request(1, "textDocument/codeAction");
  EXPECT_EQ(ErrorOf(1), ServerNotInitialized);
  S.request(2, "initialize", Object{{"capabilities", Object{}}});
  EXPECT_NE(S.response(2).getAsObject()->getObject("result"), nullptr);
  S.request(3, "initialize", Object{{"capabilities", Object{}}});
  EXPECT_EQ(ErrorOf(3), InvalidRequest);

  S.request(4, "textDocument/hover", Object{});
  EXPECT_EQ(ErrorOf(4), MethodNotFound);
  S.notify("workspace/somethingNew", Object{}); // ignored: no reply
  S.notify("$/cancelRequest", Object{{"id", 4}});
  S.request(5, "textDocument/codeAction", Object{{"textDocument", 7}});
  EXPECT_EQ(ErrorOf(5), InvalidParams);
  // The notifications got no reply: the next message was 5's error.
  EXPECT_EQ(S.Seen.size(), 5u);

  S.sendRaw(frame(Value(1)).substr(0, 20) + "Content-Length: 7\r\n\r\n{\"a\":,}");
  EXPECT_EQ(NullIdError(), ParseError);
  S.sendRaw("Content-Length: twelve\r\n\r\n");
  EXPECT_EQ(NullIdError(), InvalidRequest);
  std::string Big = std::string(2000, ' ') + "{}";
  S.sendRaw("Content-Length: " + std::to_string(Big.size()) + "\r\n\r\n" + Big);
  EXPECT_EQ(NullIdError(), InvalidRequest);
  S.open("file:///nonexistent/dir/x.cpp", ""); // not an error: just a file
  S.notify("textDocument/didChange", Object{{"textDocument", Object{{"uri", 5}}}});
  S.notify("textDocument/didClose", Object{{"textDocument", Object{{"uri", "untitled:1"}}}});

  S.request(6, "textDocument/codeAction",
            Object{{"textDocument", Object{{"uri", "file:///not/open.cpp"}}},
                   {"range", toJSON(Range{})}});
  Value Six = S.response(6);
  EXPECT_EQ(*Six.getAsObject()->getArray("result"), Array{}) << Six;
  S.request(7, "shutdown");
  Value Seven = S.response(7);
  ASSERT_NE(Seven.getAsObject()->get("result"), nullptr);
  EXPECT_EQ(*Seven.getAsObject()->get("result"), Value(nullptr));
  S.request(8, "textDocument/codeAction", Object{});
  EXPECT_EQ(ErrorOf(8), InvalidRequest);
  S.notify("exit", Object{});
  EXPECT_EQ(S.join(), 0);
}

TEST(LspServerTest, ExitWithoutShutdownOrTheEndOfInputIsExitCodeOne) {
  Session A;
  A.initialize();
  A.notify("exit", Object{});
  EXPECT_EQ(A.join(), 1);
  Session B;
  B.initialize();
  B.closeInput();
  EXPECT_EQ(B.join(), 1);
}

/// A worker that is killed by a signal, one that never finishes, and one
/// that cannot be started: each is logged and the server carries on.
TEST(LspServerTest, AFailingAnalysisDoesNotTakeTheServerDown) {
  Project P;
  P.writeDatabase();
  P.write("crash.sh", "#!/bin/sh\nkill -SEGV $$\n");
  P.write("hang.sh", "#!/bin/sh\nexec sleep 60\n");
  for (const char *Script : {"crash.sh", "hang.sh"})
    ASSERT_FALSE(llvm::sys::fs::setPermissions(P.path(Script), llvm::sys::fs::all_all));
  struct Case {
    std::string Worker;
    const char *Says;
  } Cases[] = {{P.path("crash.sh"), "crashed"},
               {P.path("hang.sh"), "took longer than"},
               {P.path("missing"), "cannot start"}};
  for (const Case &C : Cases) {
    ServerOptions O;
    O.WorkerExecutable = C.Worker;
    O.AnalysisTimeout = std::chrono::milliseconds(1500);
    Session S(O);
    S.initialize();
    std::string Uri = P.uri("main.cpp");
    S.open(Uri, Blocking);
    Value Log =
        S.waitFor([](const Object &O) { return O.getString("method") == "window/logMessage"; });
    auto Message = Log.getAsObject() ? Log.getAsObject()->getObject("params")->getString("message")
                                     : std::nullopt;
    EXPECT_TRUE(Message && Message->contains(C.Says)) << C.Worker << ": " << Log;
    EXPECT_TRUE(diagnosticsOf(S.diagnostics(Uri, 1)).empty());
    // Still serving: an edit is analysed (and fails) again, requests answered.
    S.change(Uri, Clean, 2);
    EXPECT_NE(S.diagnostics(Uri, 2).kind(), Value::Null);
    EXPECT_EQ(S.finish(), 0);
  }
}

} // namespace
