// The engine on in-memory code: which calls in which coroutines are found,
// under which options.
#include "BlockingClosure.h"
#include "CoroutineAnalysis.h"
#include "CoroutineWalker.h"
#include "UnitAnalysis.h"
#include "UnitScan.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include <gtest/gtest.h>

using namespace clang;
using namespace corolint;

namespace {

const char *Prelude = R"cpp(
#include "coro.h"
#include <chrono>
#include <cstdio>
#include <future>
#include <mutex>
#include <sys/socket.h>
#include <sys/wait.h>
#include <poll.h>
#include <unistd.h>
)cpp";

/// "category name line" for every finding, in source order.
std::vector<std::string> findings(const std::string &Code, ClassifierOptions Options = {},
                                  std::vector<std::string> Args = {"-std=c++20"},
                                  bool WithPrelude = true) {
  Args.push_back("-I" COROLINT_FIXTURE_INPUTS);
  std::unique_ptr<ASTUnit> AST =
      tooling::buildASTFromCodeWithArgs((WithPrelude ? Prelude : "") + Code, Args, "input.cpp");
  EXPECT_TRUE(AST);
  if (!AST)
    return {};
  CallClassifier Classifier(std::move(Options));
  // The engine's own scan, as every front end runs it.
  UnitScan Scan = scanUnit(AST->getASTContext(), Classifier, /*WithSummary=*/false);
  std::vector<std::string> Result;
  std::set<unsigned> Seen;
  const SourceManager &SM = AST->getSourceManager();
  for (const CoroutineCalls &C : Scan.Coroutines)
    for (const BlockingCallFinding &F : C.Calls) {
      if (!Seen.insert(F.Loc.getRawEncoding()).second)
        continue;
      Result.push_back(categoryName(F.What.TheCategory).str() + " " + F.What.Name + " " +
                       std::to_string(SM.getPresumedLineNumber(F.Loc) - 10));
    }
  return Result;
}

using Strings = std::vector<std::string>;

TEST(Engine, FindsDirectCallsOnlyInCoroutines) {
  EXPECT_EQ(findings(R"cpp(
void plain() { sleep(1); }
fx::task<> coro() { sleep(1); co_return; }
)cpp"),
            Strings{"sleep sleep 3"});
}

TEST(Engine, ArgumentsDecideTheNonBlockingForms) {
  EXPECT_EQ(findings(R"cpp(
fx::task<> coro(int fd, std::future<int> &f, pollfd *p) {
  char b[4];
  recv(fd, b, 4, MSG_DONTWAIT);
  recv(fd, b, 4, MSG_PEEK | MSG_DONTWAIT);
  recv(fd, b, 4, MSG_PEEK);
  waitpid(1, nullptr, WNOHANG);
  waitpid(1, nullptr, 0);
  poll(p, 1, 0);
  poll(p, 1, 100);
  using namespace std::chrono_literals;
  f.wait_for(0s);
  f.wait_for(std::chrono::milliseconds(0));
  f.wait_for(std::chrono::seconds::zero());
  f.wait_for(1ms);
  co_return;
}
)cpp"),
            (Strings{"socket recv 6", "process waitpid 8", "socket poll 10",
                     "sync std::future::wait_for 15"}));
}

TEST(Engine, StreamsDecideFileConsoleOrNothing) {
  EXPECT_EQ(findings(R"cpp(
fx::task<> coro(FILE *f, int fd) {
  char b[8];
  fgets(b, 8, stdin);
  fgets(b, 8, f);
  fputs("x", stdout);
  fputs("x", f);
  fprintf(stderr, "x");
  read(0, b, 8);
  read(fd, b, 8);
  write(1, b, 8);
  co_return;
}
)cpp"),
            (Strings{"console fgets 4", "file fgets 5", "file fputs 7", "console read 9",
                     "file read 10"}));
}

TEST(Engine, MutexLocksOnlyWithTheOption) {
  const std::string Code = R"cpp(
std::mutex m;
fx::task<> coro() {
  std::lock_guard<std::mutex> g(m);
  std::unique_lock<std::mutex> u(m, std::defer_lock);
  m.lock();
  co_return;
}
)cpp";
  EXPECT_EQ(findings(Code), Strings{});
  ClassifierOptions O;
  O.FlagMutexLock = true;
  EXPECT_EQ(findings(Code, O),
            (Strings{"sync std::lock_guard::lock_guard 4", "sync std::mutex::lock 6"}));
}

TEST(Engine, UserListedFunctionsAndAttributes) {
  ClassifierOptions O;
  O.BlockingFunctions = ClassifierOptions::parseBlockingFunctions(
      "::db::query=co_await db::async_query; legacy::Conn::fetch");
  EXPECT_EQ(findings(R"cpp(
namespace db { int query(const char *); }
namespace legacy { struct Conn { int fetch(); }; }
void wait_disk() [[clang::blocking]];
fx::task<> coro(legacy::Conn &c) {
  db::query("select 1");
  c.fetch();
  wait_disk();
  co_return;
}
)cpp",
                     O),
            (Strings{"call db::query 6", "call legacy::Conn::fetch 7", "call wait_disk 8"}));
}

TEST(Engine, AllowedAndNonBlockingFunctionsAreNeverReported) {
  ClassifierOptions O;
  O.AllowedFunctions = ClassifierOptions::parseNameList("usleep;::app::tick");
  O.BlockingFunctions = ClassifierOptions::parseBlockingFunctions("app::tick;app::fast");
  EXPECT_EQ(findings(R"cpp(
namespace app { void tick(); void fast() [[clang::nonblocking]]; }
fx::task<> coro() {
  usleep(1);
  app::tick();
  app::fast();
  sleep(1);
  co_return;
}
)cpp",
                     O),
            Strings{"sleep sleep 7"});
}

TEST(Engine, BrokenCodeYieldsNoFinding) {
  // The call's arguments do not type-check: clang reports it, we do not.
  EXPECT_EQ(findings(R"cpp(
fx::task<> coro() {
  sleep(undeclared_identifier);
  co_return;
}
)cpp"),
            Strings{});
}

TEST(Engine, WithoutCoroutinesThereIsNothingToFind) {
  EXPECT_EQ(findings("#include <unistd.h>\nvoid f() { sleep(1); }\n", {}, {"-std=c++17"}, false),
            Strings{});
}

// Only the branch an `if constexpr` takes runs, and the constant-evaluation
// branch of an `if consteval` never does at run time; in a template's
// pattern, a branch under a dependent condition is judged by the
// instantiations (here only one, which discards it).
TEST(Engine, DiscardedBranchesDoNotRun) {
  EXPECT_EQ(findings(R"cpp(
constexpr bool Sync = false;
fx::task<> coro(int fd) {
  if constexpr (Sync) fsync(fd); else usleep(1);
  if consteval { sleep(1); } else { sleep(2); }
  if !consteval { sleep(3); }
  co_return;
}
template <bool B> fx::task<> tmpl() {
  if constexpr (B) sleep(4);
  co_return;
}
template fx::task<> tmpl<false>();
)cpp",
                     {}, {"-std=c++23"}),
            (Strings{"sleep usleep 4", "sleep sleep 5", "sleep sleep 6"}));
}

TEST(Engine, OptionListsParse) {
  auto B = ClassifierOptions::parseBlockingFunctions(" ::a::f = co_await a::g(1, 2) ;b::h,c::i=x");
  ASSERT_EQ(B.size(), 3u);
  EXPECT_EQ(B[0].first, "a::f");
  EXPECT_EQ(B[0].second, "co_await a::g(1, 2)");
  EXPECT_EQ(B[1].first, "b::h");
  EXPECT_EQ(B[1].second, "");
  EXPECT_EQ(B[2].first, "c::i");
  EXPECT_EQ(ClassifierOptions::parseNameList(""), std::vector<std::string>{});
}

TEST(Engine, DeepNestingDoesNotRecurse) {
  // 400 nested parentheses and blocks: the walker uses its own stack.
  std::string Deep = "sleep(1)";
  for (int I = 0; I < 400; ++I)
    Deep = "(" + Deep + ")";
  std::string Blocks = "sleep(2);";
  for (int I = 0; I < 200; ++I)
    Blocks = "{" + Blocks + "}";
  EXPECT_EQ(findings("fx::task<> coro() {\n" + Deep + ";\n" + Blocks + "\nco_return; }\n", {},
                     {"-std=c++20", "-fbracket-depth=5000"}),
            (Strings{"sleep sleep 2", "sleep sleep 3"}));
}

// A call split across two files by an #include has no one stretch of text
// to replace, so it gets no fix. (Its edit's length was once computed across
// the two files and wrapped around; `corolint --fix` then garbled the file.)
TEST(FixIts, NoFixForACallSpanningTwoFiles) {
  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCodeWithArgs(
      std::string(Prelude) + R"cpp(
fx::task<> split() {
  sleep(1
#include "close_paren.h"
  ;
  sleep(2);
  co_return;
}
)cpp",
      {"-std=c++20", "-I" COROLINT_FIXTURE_INPUTS}, "/project/input.cpp", "clang-tool",
      std::make_shared<PCHContainerOperations>(), tooling::getClangStripDependencyFileAdjuster(),
      {{"/project/close_paren.h", ")\n"}});
  ASSERT_TRUE(AST);
  ASSERT_FALSE(AST->getDiagnostics().hasErrorOccurred());
  AnalysisOptions Options;
  Options.Fixes.CoroutineTypes = {"fx::task"};
  ParsedUnitResult R = analyzeParsedUnit(AST->getASTContext(), Options);
  ASSERT_EQ(R.Findings.size(), 2u);
  EXPECT_TRUE(R.Findings[0].Fix.empty());
  EXPECT_FALSE(R.Findings[1].Fix.empty()) << "a call within one file is fixed";
}

} // namespace

namespace {

UnitSummary summarize(const std::string &Code, const std::string &FileName,
                      std::unique_ptr<ASTUnit> &Keep) {
  Keep = tooling::buildASTFromCodeWithArgs(Prelude + Code,
                                           {"-std=c++20", "-I" COROLINT_FIXTURE_INPUTS}, FileName);
  EXPECT_TRUE(Keep);
  CallClassifier Classifier({});
  return summarizeUnit(Keep->getASTContext(), Classifier);
}

// The corolint command merges summaries of several files: a coroutine in one
// file calling a helper defined in another is found, with the chain.
TEST(BlockingClosure, ChainsCrossTranslationUnits) {
  std::unique_ptr<ASTUnit> A, B;
  UnitSummary SA = summarize(R"cpp(
int load_config();
fx::task<int> main_task() { co_return load_config(); }
)cpp",
                             "/project/a.cpp", A);
  UnitSummary SB = summarize(R"cpp(
static int read_file() { return static_cast<int>(sleep(1)); }
int load_config() { return read_file(); }
)cpp",
                             "/project/b.cpp", B);
  EXPECT_TRUE(BlockingClosure({&SA}).findings().empty())
      << "a.cpp alone does not know load_config blocks";
  BlockingClosure Both({&SA, &SB});
  std::vector<Finding> Found = Both.findings();
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Check, "corolint-blocking-transitive");
  EXPECT_EQ(Found[0].At.File, "/project/a.cpp");
  EXPECT_EQ(Found[0].Message,
            "blocking call to 'load_config' in coroutine 'main_task' stalls its event loop: "
            "'load_config' calls 'read_file', which calls 'sleep'");
  ASSERT_EQ(Found[0].Notes.size(), 3u);
  EXPECT_EQ(Found[0].Notes[2].At.File, "/project/b.cpp");
  EXPECT_TRUE(Both.findings("/project/b.cpp").empty());
}

// A chain 10,000 functions deep: the closure is iterative, not recursive.
TEST(BlockingClosure, DeepChainsDoNotRecurse) {
  UnitSummary S;
  const int Depth = 10000;
  for (int I = 0; I < Depth; ++I) {
    FunctionSummary F;
    F.Key = "f" + std::to_string(I);
    F.Name = "'f" + std::to_string(I) + "'";
    F.HasBody = true;
    if (I + 1 < Depth)
      F.Calls.push_back({"f" + std::to_string(I + 1), "'f" + std::to_string(I + 1) + "'", {}});
    else
      F.Blocks.push_back({"corolint-blocking-sleep", "sleep", {}});
    S.Functions.push_back(F);
  }
  FunctionSummary C;
  C.Key = "coro";
  C.Name = "'coro'";
  C.IsCoroutine = C.HasBody = true;
  C.Calls.push_back({"f0", "'f0'", {}});
  S.Functions.push_back(C);
  BlockingClosure Closure({&S});
  ASSERT_NE(Closure.witness("f0"), nullptr);
  std::vector<Finding> Found = Closure.findings();
  ASSERT_EQ(Found.size(), 1u);
  // The message shortens the chain; the notes stop at a bound.
  EXPECT_NE(Found[0].Message.find("..."), std::string::npos);
}

} // namespace
