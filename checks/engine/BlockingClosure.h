//===- BlockingClosure.h - Which functions block, through helpers -*- C++ -*-===//
//
// The bottom-up closure of the per-function summaries (Summaries.h) over the
// calls between them: which functions block at any depth, and a shortest
// chain for each. The corolint command closes a whole project's summaries
// (keyed by USR); the clang-tidy module closes one unit's, keyed by
// declaration (FunctionKeys in UnitScan.h).
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_BLOCKINGCLOSURE_H
#define COROLINT_ENGINE_BLOCKINGCLOSURE_H

#include "Summaries.h"
#include "llvm/ADT/StringMap.h"
#include <string>
#include <vector>

namespace corolint {

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
  explicit BlockingClosure(const std::vector<const UnitSummary *> &Units);

  /// Nullptr if the function does not block (or is unknown).
  const BlockingWitness *witness(llvm::StringRef Key) const;

  /// Findings `corolint-blocking-transitive` for each coroutine's call to a
  /// (non-coroutine) function that blocks, with the chain as notes. Only
  /// coroutines defined in `OnlyFile` are reported when it is not empty.
  std::vector<Finding> findings(llvm::StringRef OnlyFile = "") const;

private:
  llvm::StringMap<const FunctionSummary *> ByKey;
  llvm::StringMap<BlockingWitness> Witnesses;
  std::vector<const FunctionSummary *> Coroutines;
};

} // namespace corolint

#endif
