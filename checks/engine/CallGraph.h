//===- CallGraph.h - Which functions block, through helpers -----*- C++ -*-===//
//
// Per-function summaries (computed once per function, by one walk of its
// body) and their bottom-up closure over the call graph. A translation unit's
// summaries are plain data keyed by USR, so the corolint command merges them
// across files; the clang-tidy module uses the same code within one file,
// keyed by declaration (FunctionKeys in UnitScan.h).
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_CALLGRAPH_H
#define COROLINT_ENGINE_CALLGRAPH_H

#include "CallClassifier.h"
#include "Findings.h"
#include "llvm/ADT/StringMap.h"
#include <string>
#include <vector>

namespace corolint {

/// A blocking call made directly by a function, on its own thread.
struct DirectBlock {
  std::string Check;  ///< the category's check, e.g. corolint-blocking-file
  std::string Callee; ///< "fread"
  Location At;
};

/// A call to another function that has a body somewhere (maybe another file).
struct CallSite {
  std::string CalleeUsr;
  std::string Callee; ///< as shown
  Location At;
};

struct FunctionSummary {
  std::string Usr; ///< the function's key (its USR, or in-unit: see FunctionKeys)
  std::string Name; ///< as shown: "'read_file'" or "lambda"
  Location At;
  bool IsCoroutine = false;
  bool HasBody = false;
  /// [[clang::nonblocking]] or AllowedFunctions: a chain stops here.
  bool StopsChain = false;
  std::vector<DirectBlock> Blocks;
  std::vector<CallSite> Calls;
};

struct TranslationUnitSummary {
  std::string MainFile;
  std::vector<FunctionSummary> Functions;
};

/// For a blocking function, how it blocks: either a direct call
/// (BlockIndex) or a call to another blocking function (CallIndex).
struct BlockingWitness {
  const FunctionSummary *Function = nullptr;
  int BlockIndex = -1;
  int CallIndex = -1;
};

/// The bottom-up closure: which functions block, at any depth, through
/// recursion and cycles. Iterative (no recursion over the call graph), and
/// each function's witness is a shortest chain to a blocking call.
class BlockingClosure {
public:
  /// Summaries of the same function (by USR) from several translation units
  /// are merged: a body seen anywhere counts.
  explicit BlockingClosure(const std::vector<const TranslationUnitSummary *> &Units);

  /// Nullptr if the function does not block (or is unknown).
  const BlockingWitness *witness(llvm::StringRef Usr) const;

  /// Findings `corolint-blocking-transitive` for each coroutine's call to a
  /// (non-coroutine) function that blocks, with the chain as notes. Only
  /// coroutines defined in `OnlyFile` are reported when it is not empty.
  std::vector<Finding> findings(llvm::StringRef OnlyFile = "") const;

private:
  llvm::StringMap<const FunctionSummary *> ByUsr;
  llvm::StringMap<BlockingWitness> Witnesses;
  std::vector<const FunctionSummary *> Coroutines;
};

inline constexpr const char *TransitiveCheckName = "corolint-blocking-transitive";

} // namespace corolint

#endif
