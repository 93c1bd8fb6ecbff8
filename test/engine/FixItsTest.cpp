// The fix-it engine on in-memory code: which findings get a fix, the fixed
// text, and that the fixed code compiles against corio's headers. Some
// findings are made here by hand (a chain's outer call, a call in a default
// argument), so that the fixes are tested whatever the classifier and the
// walker report today.
#include "FixIts.h"
#include "CallClassifier.h"
#include "CoroutineWalker.h"
#include "UnitAnalysis.h"
#include "UnitScan.h"

#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdio>
#include <gtest/gtest.h>
#include <map>
#include <set>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define COROLINT_LSAN_IGNORES_CLANG 1
#endif
#endif

using namespace clang;
using namespace corolint;

namespace {

/// While clang parses corio's headers in this process: in the sanitizer
/// build, LeakSanitizer ignores what it allocates. clang leaks a failed
/// template deduction's diagnostic (MakeDeductionFailureInfo keeps it in
/// ASTContext memory whose destructors never run; test/fuzz/lsan.supp names
/// it for the fuzzer); none of our code runs in between.
struct IgnoringClangLeaks {
#ifdef COROLINT_LSAN_IGNORES_CLANG
  IgnoringClangLeaks() { __lsan_disable(); }
  ~IgnoringClangLeaks() { __lsan_enable(); }
#endif
};

std::vector<std::string> compileArgs() { return {"-std=c++20", "-I" COROLINT_RUNTIME_INCLUDE}; }

std::unique_ptr<ASTUnit> parse(const std::string &Code, std::string *Errors = nullptr) {
  std::string Printed;
  llvm::raw_string_ostream OS(Printed);
  auto Options = llvm::makeIntrusiveRefCnt<DiagnosticOptions>();
  TextDiagnosticPrinter Printer(OS, Options.get());
  [[maybe_unused]] IgnoringClangLeaks Parsing; // empty outside the sanitizer build
  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCodeWithArgs(
      Code, compileArgs(), "input.cpp", "clang-tool", std::make_shared<PCHContainerOperations>(),
      tooling::getClangStripDependencyFileAdjuster(), tooling::FileContentMappings(), &Printer);
  OS.flush();
  if (Errors)
    *Errors = Printed;
  if (AST && AST->getDiagnostics().hasErrorOccurred())
    return nullptr;
  return AST;
}

/// The code with the fixes applied, each #include once (in the main file).
std::string applied(const std::string &Code, ASTContext &Ctx, llvm::ArrayRef<const FixIt *> Fixes) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::map<std::pair<unsigned, unsigned>, std::string> Edits; // (offset, length) -> text
  for (const FixIt *Fix : Fixes) {
    if (!Fix)
      continue;
    for (const TextEdit &E : Fix->Edits) {
      unsigned Begin = SM.getFileOffset(E.Range.getBegin());
      Edits[{Begin, SM.getFileOffset(E.Range.getEnd()) - Begin}] = E.Text;
    }
    for (const std::string &Header : Fix->Headers)
      if (auto Include = includeInsertion(SM.getMainFileID(), Header, SM)) {
        std::string &Text = Edits[{SM.getFileOffset(Include->Range.getBegin()), 0}];
        if (Text.find(Include->Text) == std::string::npos)
          Text += Include->Text;
      }
  }
  std::string Out = Code;
  for (auto It = Edits.rbegin(); It != Edits.rend(); ++It)
    Out.replace(It->first.first, It->first.second, It->second);
  return Out;
}

/// Compiles Code with the compiler, as the fixture tests do (not in this
/// process: clang leaks a little while instantiating some of corio's
/// templates, which the sanitizer build would report as ours).
void expectCompiles(const std::string &Code) {
  llvm::SmallString<128> Path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("corolint-fixed", "cpp", Path));
  {
    std::error_code EC;
    llvm::raw_fd_ostream Out(Path, EC);
    ASSERT_FALSE(EC) << EC.message();
    Out << Code;
  }
  std::string Command = std::string(COROLINT_CLANGXX) + " -std=c++20 -fsyntax-only -I" +
                        COROLINT_RUNTIME_INCLUDE + " '" + std::string(Path) + "' 2>&1";
  std::string Errors;
  int Status = -1;
  if (FILE *Pipe = popen(Command.c_str(), "r")) {
    char Buffer[4096];
    while (size_t N = fread(Buffer, 1, sizeof Buffer, Pipe))
      Errors.append(Buffer, N);
    Status = pclose(Pipe);
  }
  llvm::sys::fs::remove(Path);
  EXPECT_EQ(Status, 0) << "the fixed code does not compile:\n"
                       << Errors << "\n--- fixed code:\n"
                       << Code;
}

/// The calls in Fn's body (not in nested lambdas' bodies), in source order.
std::vector<const CallExpr *> callsIn(const FunctionDecl &Fn) {
  std::vector<const CallExpr *> Calls;
  llvm::SmallVector<const Stmt *, 32> Work{userBody(Fn)};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      Calls.push_back(Call);
    if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(S))
      Work.push_back(Default->getExpr());
    if (const auto *Default = dyn_cast<CXXDefaultInitExpr>(S))
      Work.push_back(Default->getExpr());
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  // (co_return's operand is also in its promise call)
  std::sort(Calls.begin(), Calls.end());
  Calls.erase(std::unique(Calls.begin(), Calls.end()), Calls.end());
  // Outer calls first where two start together (`std::cin >> a >> b`).
  std::stable_sort(Calls.begin(), Calls.end(), [](const CallExpr *A, const CallExpr *B) {
    if (A->getBeginLoc() != B->getBeginLoc())
      return A->getBeginLoc() < B->getBeginLoc();
    return B->getEndLoc() < A->getEndLoc();
  });
  return Calls;
}

const FunctionDecl *functionNamed(ASTContext &Ctx, llvm::StringRef Name) {
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (const auto *FD = dyn_cast<FunctionDecl>(D))
      if (FD->getName() == Name && FD->hasBody())
        return FD;
  return nullptr;
}

std::string calleeName(const CallExpr &Call) {
  const FunctionDecl *FD = Call.getDirectCallee();
  return FD ? FD->getQualifiedNameAsString() : "";
}

/// A finding for Call as the engine would make it; ResultUnused as given.
BlockingCallFinding findingFor(const FunctionDecl &Coroutine, const CallExpr &Call,
                               CallClassifier &Classifier, ASTContext &Ctx, bool ResultUnused) {
  BlockingCallFinding F;
  F.Coroutine = &Coroutine;
  F.Call = &Call;
  F.Loc = Ctx.getSourceManager().getFileLoc(Call.getBeginLoc());
  std::optional<Classification> What = Classifier.classify(Call, Ctx);
  EXPECT_TRUE(What) << "not classified as blocking: " << calleeName(Call);
  if (What)
    F.What = *What;
  F.Context.ResultUnused = ResultUnused;
  return F;
}

std::string textOf(const FixIt *Fix) { return Fix ? Fix->Edits.at(0).Text : "<no fix>"; }

// `std::cin >> a >> b` is two calls of operator>>, the outer one's stream
// being the inner one's result. When the outer call is a finding, its fix
// takes the whole chain to the pool, and the inner call gets none (its text
// is inside the outer's); alone, the inner call's fix is its own.
TEST(FixPlan, TheOutermostCallOfAChainTakesTheWholeChain) {
  const std::string Code = R"cpp(#include <corio/task.hpp>
#include <iostream>

corio::task<int> sum() {
  int a = 0, b = 0;
  std::cin >> a >> b;
  co_return a + b;
}
)cpp";
  std::unique_ptr<ASTUnit> AST = parse(Code);
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  const FunctionDecl *Sum = functionNamed(Ctx, "sum");
  ASSERT_TRUE(Sum);
  std::vector<const CallExpr *> Shifts;
  for (const CallExpr *Call : callsIn(*Sum))
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->getOperator() == OO_GreaterGreater)
      Shifts.push_back(Call);
  ASSERT_EQ(Shifts.size(), 2u);
  const CallExpr *Outer = Shifts[0], *Inner = Shifts[1]; // the same start: outer first
  ASSERT_EQ(Outer->getArg(0)->IgnoreImplicit(), Inner);

  CallClassifier Classifier({});
  BlockingCallFinding OuterF = findingFor(*Sum, *Inner, Classifier, Ctx, true);
  OuterF.Call = Outer; // what the engine will report: the whole chain
  BlockingCallFinding InnerF = findingFor(*Sum, *Inner, Classifier, Ctx, false);
  FixOptions Options;
  Options.OffloadFixes = true;

  for (bool OuterFirst : {true, false}) {
    std::vector<const BlockingCallFinding *> Findings{&OuterF, &InnerF};
    if (!OuterFirst)
      std::swap(Findings[0], Findings[1]);
    FixPlan Plan(Findings, Ctx, Options);
    EXPECT_EQ(textOf(Plan.fixFor(OuterF)), "co_await corio::offload([&] { std::cin >> a >> b; })");
    EXPECT_EQ(Plan.fixFor(InnerF), nullptr);
    expectCompiles(applied(Code, Ctx, {Plan.fixFor(OuterF)}));
  }

  FixPlan Alone({&InnerF}, Ctx, Options);
  EXPECT_EQ(textOf(Alone.fixFor(InnerF)),
            "co_await corio::offload([&]() -> decltype(auto) { return std::cin >> a; })");
  expectCompiles(applied(Code, Ctx, {Alone.fixFor(InnerF)}));
}

// A default argument or a default member initializer is evaluated in the
// caller, but written at a declaration other callers share, where co_await
// cannot go: a call there gets no fix. The same call written in the
// coroutine's body does.
TEST(FixIts, NoFixForACallWrittenInADefaultArgument) {
  const std::string Code = R"cpp(#include <corio/task.hpp>
#include <sys/socket.h>

void log_line(const char *text, long got = recv(0, nullptr, 0, 0));
struct Options {
  long got = recv(1, nullptr, 0, 0);
};

corio::task<long> run() {
  log_line("x");
  Options o{};
  co_return o.got + recv(2, nullptr, 0, 0);
}
)cpp";
  std::unique_ptr<ASTUnit> AST = parse(Code);
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  const FunctionDecl *Run = functionNamed(Ctx, "run");
  ASSERT_TRUE(Run);
  std::vector<const CallExpr *> Recvs;
  for (const CallExpr *Call : callsIn(*Run))
    if (calleeName(*Call) == "recv")
      Recvs.push_back(Call);
  ASSERT_EQ(Recvs.size(), 3u); // the default argument, the member's, the body's

  CallClassifier Classifier({});
  FixOptions Options;
  std::vector<BlockingCallFinding> Findings;
  for (const CallExpr *Call : Recvs)
    Findings.push_back(findingFor(*Run, *Call, Classifier, Ctx, false));
  std::vector<std::string> Fixed;
  for (const BlockingCallFinding &F : Findings) {
    std::optional<FixIt> Fix = makeFixIt(F, Ctx, Options);
    Fixed.push_back(Fix ? Fix->Edits.at(0).Text : "<no fix>");
  }
  std::sort(Fixed.begin(), Fixed.end());
  EXPECT_EQ(Fixed, (std::vector<std::string>{"<no fix>", "<no fix>",
                                             "co_await corio::recv(2, nullptr, 0, 0)"}));
  std::vector<const BlockingCallFinding *> All;
  for (const BlockingCallFinding &F : Findings)
    All.push_back(&F);
  FixPlan Plan(All, Ctx, Options);
  std::vector<const FixIt *> Fixes;
  for (const BlockingCallFinding &F : Findings)
    Fixes.push_back(Plan.fixFor(F));
  expectCompiles(applied(Code, Ctx, Fixes));
}

// A call to a constexpr function may be in a constant expression, where
// co_await cannot go (and with arguments that make it a constant, it does
// not block): no fix. The same function called with a run-time argument is
// offloaded.
TEST(FixIts, NoFixWhereTheCallMayBeConstantEvaluated) {
  const std::string Code = R"cpp(#include <corio/task.hpp>
#include <cstdio>

constexpr int table_size(bool from_disk) { return from_disk ? std::getchar() : 64; }

template <bool FromDisk> corio::task<int> sized() {
  constexpr int n = table_size(FromDisk);
  co_return n;
}

corio::task<int> sizes(bool from_disk) {
  constexpr int n = table_size(false);
  int m = table_size(from_disk);
  co_return n + m;
}
)cpp";
  std::unique_ptr<ASTUnit> AST = parse(Code);
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  ClassifierOptions Listed;
  Listed.BlockingFunctions = ClassifierOptions::parseBlockingFunctions("table_size");
  CallClassifier Classifier(Listed);
  FixOptions Options;
  Options.OffloadFixes = true;

  const FunctionDecl *Sizes = functionNamed(Ctx, "sizes");
  ASSERT_TRUE(Sizes);
  std::vector<const CallExpr *> Calls = callsIn(*Sizes);
  std::vector<const FixIt *> Fixes;
  std::vector<std::string> Texts;
  std::vector<BlockingCallFinding> Findings;
  for (const CallExpr *Call : Calls)
    if (calleeName(*Call) == "table_size")
      Findings.push_back(findingFor(*Sizes, *Call, Classifier, Ctx, false));
  ASSERT_EQ(Findings.size(), 2u);
  std::vector<const BlockingCallFinding *> All{&Findings[0], &Findings[1]};
  FixPlan Plan(All, Ctx, Options);
  EXPECT_EQ(textOf(Plan.fixFor(Findings[0])), "<no fix>");
  EXPECT_EQ(textOf(Plan.fixFor(Findings[1])),
            "co_await corio::offload([&] { return table_size(from_disk); })");
  expectCompiles(applied(Code, Ctx, {Plan.fixFor(Findings[0]), Plan.fixFor(Findings[1])}));

  // In a template, a value-dependent call may be constant in every
  // instantiation.
  const auto *Sized = dyn_cast<FunctionTemplateDecl>(
      *llvm::find_if(Ctx.getTranslationUnitDecl()->decls(), [](const Decl *D) {
        const auto *FT = dyn_cast<FunctionTemplateDecl>(D);
        return FT && FT->getName() == "sized";
      }));
  ASSERT_TRUE(Sized);
  const FunctionDecl *Pattern = Sized->getTemplatedDecl();
  std::vector<const CallExpr *> PatternCalls = callsIn(*Pattern);
  auto It =
      llvm::find_if(PatternCalls, [](const CallExpr *C) { return calleeName(*C) == "table_size"; });
  ASSERT_NE(It, PatternCalls.end());
  BlockingCallFinding InPattern = findingFor(*Pattern, **It, Classifier, Ctx, false);
  EXPECT_FALSE(makeFixIt(InPattern, Ctx, Options));
}

// A Replacements template that leaves out an argument would drop its side
// effects: no fix then; one that uses it twice would repeat them.
TEST(FixIts, ATemplateKeepsEveryArgumentWithSideEffectsOnce) {
  const std::string Code = R"cpp(#include <corio/task.hpp>

void nap(int seconds, int tag);
int next_tag();

corio::task<void> naps(int tag) {
  nap(1, tag);
  nap(2, next_tag());
  co_return;
}
)cpp";
  std::unique_ptr<ASTUnit> AST = parse(Code);
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  ClassifierOptions Listed;
  Listed.BlockingFunctions = ClassifierOptions::parseBlockingFunctions("nap");
  CallClassifier Classifier(Listed);
  FixOptions Options;
  Options.Replacements = {{"nap", "co_await corio::sleep_for(std::chrono::seconds($0))"}};
  Options.ReplacementHeader = "<corio/sleep.hpp>";
  const FunctionDecl *Naps = functionNamed(Ctx, "naps");
  ASSERT_TRUE(Naps);
  std::vector<BlockingCallFinding> Findings;
  for (const CallExpr *Call : callsIn(*Naps))
    if (calleeName(*Call) == "nap")
      Findings.push_back(findingFor(*Naps, *Call, Classifier, Ctx, true));
  ASSERT_EQ(Findings.size(), 2u);
  FixPlan Plan({&Findings[0], &Findings[1]}, Ctx, Options);
  EXPECT_EQ(textOf(Plan.fixFor(Findings[0])), "co_await corio::sleep_for(std::chrono::seconds(1))");
  EXPECT_EQ(textOf(Plan.fixFor(Findings[1])), "<no fix>"); // next_tag() would not be called
  expectCompiles(applied(Code, Ctx, {Plan.fixFor(Findings[0])}));

  Options.Replacements = {{"nap", "co_await corio::sleep_for(std::chrono::seconds($1 + $1))"}};
  FixPlan Twice({&Findings[0], &Findings[1]}, Ctx, Options);
  EXPECT_EQ(textOf(Twice.fixFor(Findings[0])),
            "co_await corio::sleep_for(std::chrono::seconds(tag + tag))");
  EXPECT_EQ(textOf(Twice.fixFor(Findings[1])), "<no fix>"); // next_tag() would be called twice
}

// A template's instantiations share its text. The fix at a place is made
// from the pattern's call: in a class template the instantiations' findings
// (walked first) get the pattern's fix; where only instantiations are
// findings (the pattern's call depends on the template), none.
TEST(FixPlan, ATemplateIsFixedFromItsPattern) {
  const std::string Code = R"cpp(#include <corio/task.hpp>
#include <sys/socket.h>
#include <unistd.h>

template <class Fd> struct connection {
  Fd fd;
  corio::task<long> pause(char *buf) {
    sleep(1);
    long n = recv(fd, buf, 1, 0);
    co_return n;
  }
};
template struct connection<int>;
template struct connection<short>;
)cpp";
  std::unique_ptr<ASTUnit> AST = parse(Code);
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  CallClassifier Classifier({});
  UnitScan Scan = scanUnit(Ctx, Classifier, /*WithSummary=*/false);
  std::vector<const BlockingCallFinding *> All;
  for (const CoroutineCalls &C : Scan.Coroutines)
    for (const BlockingCallFinding &F : C.Calls)
      All.push_back(&F);
  FixPlan Plan(All, Ctx, FixOptions());
  std::map<std::string, std::set<std::string>> FixesByCallee;
  for (const BlockingCallFinding *F : All)
    FixesByCallee[F->What.Name].insert(textOf(Plan.fixFor(*F)));
  EXPECT_EQ(FixesByCallee["sleep"],
            std::set<std::string>{"co_await corio::sleep_for(std::chrono::seconds(1))"});
  // recv(fd, ...) depends on Fd: no fix, in any instantiation.
  EXPECT_EQ(FixesByCallee["recv"], std::set<std::string>{"<no fix>"});
  std::vector<const FixIt *> Fixes;
  for (const BlockingCallFinding *F : All)
    Fixes.push_back(Plan.fixFor(*F));
  expectCompiles(applied(Code, Ctx, Fixes));
}

// Every fix of the corolint command carries the #includes it needs: an
// editor applies one fix at a time, and the fix that would have added the
// header may be suppressed, in the baseline, or skipped.
TEST(UnitAnalysis, EveryFixCarriesItsIncludes) {
  const std::string Code = R"cpp(#include <corio/task.hpp>
#include <unistd.h>

corio::task<void> naps() {
  sleep(1);
  sleep(2);
  co_return;
}
)cpp";
  std::unique_ptr<ASTUnit> AST = parse(Code);
  ASSERT_TRUE(AST);
  ParsedUnitResult R = analyzeParsedUnit(AST->getASTContext(), AnalysisOptions());
  ASSERT_EQ(R.Findings.size(), 2u);
  for (const Finding &F : R.Findings) {
    ASSERT_EQ(F.Fix.size(), 2u) << F.At.Line;
    EXPECT_EQ(F.Fix[1].Text, "#include <corio/sleep.hpp>\n");
    // The second fix alone compiles.
    std::vector<Edit> Edits = F.Fix;
    std::sort(Edits.begin(), Edits.end(),
              [](const Edit &A, const Edit &B) { return A.Offset > B.Offset; });
    std::string Alone = Code;
    for (const Edit &E : Edits)
      Alone.replace(E.Offset, E.Length, E.Text);
    expectCompiles(Alone);
  }
}

} // namespace
