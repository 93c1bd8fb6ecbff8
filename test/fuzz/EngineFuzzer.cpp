//===- EngineFuzzer.cpp - libFuzzer harness for the analysis engine -------===//
//
// Parses each input as a C++20 file in-process (with clang's error recovery,
// as clang-tidy does: the module runs on ASTs with errors too) and runs what
// the clang-tidy module and the corolint command run on it: every check's
// direct findings with their fixes, the per-function summaries and their
// closure. Besides crashes and sanitizer reports, it aborts when a result
// breaks a property every front end relies on:
//   - a location or a fix edit of the main file lies outside the file;
//   - the chain behind a finding through helpers does not end in a blocking
//     call within as many steps as there are functions;
//   - the JSON the cache and the printers use does not round-trip;
//   - two runs on the same AST differ.
//
// Standard headers come from a precompiled prelude (fuzz_prelude.h, built
// with -fpch-instantiate-templates), so an input costs its own parse only.
//
//===----------------------------------------------------------------------===//
#include "BlockingClosure.h"
#include "Serialization.h"
#include "UnitAnalysis.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using namespace clang;
using namespace corolint;

namespace {

constexpr const char *MainFile = "/fuzz/input.cpp";

std::vector<std::string> parseArgs() {
  return {"-std=c++20", "-resource-dir=" COROLINT_CLANG_RESOURCE_DIR, "-I" COROLINT_FUZZ_INPUTS,
          "-I" COROLINT_FUZZ_RUNTIME_INCLUDE, "-DASIO_HAS_CO_AWAIT", "-DASIO_HAS_STD_COROUTINE",
          "-include-pch", COROLINT_FUZZ_PCH,
          // Keep one input's time bounded: clang's own limits, lowered.
          "-ferror-limit=50", "-ftemplate-depth=128", "-fconstexpr-steps=100000",
          "-Wno-everything"};
}

[[noreturn]] void fail(const std::string &What) {
  llvm::errs() << "engine fuzzer: " << What << "\n";
  std::abort();
}

AnalysisOptions analysisOptions() {
  AnalysisOptions O; // every check
  O.Classifier.FlagMutexLock = true;
  O.Classifier.BlockingFunctions = {{"fx::wrap", "co_await fx::ready"}};
  O.Fixes.OffloadFixes = true;
  O.Fixes.CoroutineTypes = {"corio::task", "fx::task"};
  return O;
}

void checkLocation(const Location &L, size_t Size, const char *What) {
  if (L.File == MainFile && (L.Offset > Size || L.Line == 0 || L.Column == 0))
    fail(std::string(What) + " outside the input: offset " + std::to_string(L.Offset) + " line " +
         std::to_string(L.Line) + " of " + std::to_string(Size) + " bytes");
}

void checkFindings(const std::vector<Finding> &Findings, size_t Size) {
  for (const Finding &F : Findings) {
    checkLocation(F.At, Size, "a finding");
    for (const Note &N : F.Notes)
      checkLocation(N.At, Size, "a note");
    for (const Edit &E : F.Fix)
      if (E.File == MainFile && (E.Offset > Size || E.Length > Size - E.Offset))
        fail("a fix edit outside the input: [" + std::to_string(E.Offset) + ", +" +
             std::to_string(E.Length) + ") of " + std::to_string(Size) + " bytes");
  }
}

/// Each coroutine's call to a blocking function leads, witness by witness,
/// to a direct blocking call.
void checkChains(const UnitSummary &Summary, const BlockingClosure &Closure) {
  const size_t Bound = Summary.Functions.size() + 1;
  for (const FunctionSummary &F : Summary.Functions)
    for (const CallSite &Site : F.Calls) {
      const BlockingWitness *W = Closure.witness(Site.CalleeKey);
      for (size_t Steps = 0; W; ++Steps) {
        if (Steps > Bound)
          fail("a blocking chain from " + F.Name + " does not end");
        if (!W->Function)
          fail("a witness without a function");
        if (W->BlockIndex >= 0) {
          if (static_cast<size_t>(W->BlockIndex) >= W->Function->Blocks.size())
            fail("a witness's block index out of range");
          break;
        }
        if (W->CallIndex < 0 || static_cast<size_t>(W->CallIndex) >= W->Function->Calls.size())
          fail("a witness's call index out of range");
        W = Closure.witness(W->Function->Calls[W->CallIndex].CalleeKey);
        if (!W)
          fail("a chain through a function that does not block");
      }
    }
}

llvm::json::Value toJSON(const std::vector<Finding> &Findings) {
  llvm::json::Array A;
  for (const Finding &F : Findings)
    A.push_back(corolint::toJSON(F));
  return A;
}

/// What the cache stores must read back as what was reported.
void checkRoundTrip(const ParsedUnitResult &R) {
  llvm::json::Value Findings = toJSON(R.Findings);
  llvm::json::Value Summary = corolint::toJSON(R.Summary);
  // Through text, as the cache does.
  std::string Text;
  llvm::raw_string_ostream(Text) << llvm::json::Value(
      llvm::json::Object{{"f", Findings}, {"s", Summary}});
  llvm::Expected<llvm::json::Value> Parsed = llvm::json::parse(Text);
  if (!Parsed)
    fail("JSON does not parse: " + llvm::toString(Parsed.takeError()));
  std::vector<Finding> BackFindings;
  UnitSummary BackSummary;
  llvm::json::Path::Root Root;
  const llvm::json::Object *O = Parsed->getAsObject();
  if (!O || !O->get("f") || !O->get("s") || !fromJSON(*O->get("f"), BackFindings, Root) ||
      !fromJSON(*O->get("s"), BackSummary, Root))
    fail("JSON does not read back");
  if (toJSON(BackFindings) != toJSON(R.Findings) ||
      corolint::toJSON(BackSummary) != corolint::toJSON(R.Summary))
    fail("JSON does not round-trip");
  for (size_t I = 0; I < R.Findings.size(); ++I)
    for (size_t J = 0; J < R.Findings[I].Fix.size(); ++J)
      if (BackFindings[I].Fix[J].Text != R.Findings[I].Fix[J].Text)
        fail("a fix's text changes through JSON");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  // The prelude must load, or every input would be a parse error and the
  // fuzzer would test nothing.
  IgnoringDiagConsumer Ignore;
  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCodeWithArgs(
      "int corolint_fuzz_probe = sizeof(fx::task<>);", parseArgs(), MainFile, "corolint-fuzz",
      std::make_shared<PCHContainerOperations>(), tooling::getClangStripDependencyFileAdjuster(),
      {}, &Ignore);
  if (!AST || AST->getDiagnostics().hasErrorOccurred())
    fail("the precompiled prelude " COROLINT_FUZZ_PCH " does not load; rebuild it");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size > 64 * 1024)
    return -1; // not worth the time: the bench covers big inputs
  std::string Code(reinterpret_cast<const char *>(Data), Size);
  IgnoringDiagConsumer Ignore;
  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCodeWithArgs(
      Code, parseArgs(), MainFile, "corolint-fuzz", std::make_shared<PCHContainerOperations>(),
      tooling::getClangStripDependencyFileAdjuster(), {}, &Ignore);
  if (!AST)
    return 0;
  ASTContext &Ctx = AST->getASTContext();
  const AnalysisOptions Options = analysisOptions();

  ParsedUnitResult R = analyzeParsedUnit(Ctx, Options);
  checkFindings(R.Findings, Size);
  R.Summary.MainFile = MainFile;
  BlockingClosure Closure({&R.Summary});
  std::vector<Finding> Transitive = Closure.findings(MainFile);
  checkFindings(Transitive, Size);
  checkChains(R.Summary, Closure);
  checkRoundTrip(R);

  ParsedUnitResult Again = analyzeParsedUnit(Ctx, Options);
  Again.Summary.MainFile = MainFile;
  if (toJSON(Again.Findings) != toJSON(R.Findings) ||
      corolint::toJSON(Again.Summary) != corolint::toJSON(R.Summary))
    fail("two runs on the same AST differ");
  return 0;
}
