//===- Summaries.h - What each function does, as plain data -----*- C++ -*-===//
//
// Per-function summaries, computed once per function by one walk of its body
// (UnitScan): the blocking calls it makes itself and the calls it makes to
// other functions. Plain data keyed by USR, so the corolint command caches
// them and merges them across units; BlockingClosure closes them.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_SUMMARIES_H
#define COROLINT_ENGINE_SUMMARIES_H

#include "Checks.h" // TransitiveCheckName, the check these summaries serve
#include "Findings.h"
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
  std::string CalleeKey;
  std::string Callee; ///< as shown
  Location At;
};

struct FunctionSummary {
  std::string Key;  ///< its USR, or in one unit its declaration's address (see FunctionKeys)
  std::string Name; ///< as shown: "'read_file'" or "lambda"
  Location At;
  bool IsCoroutine = false;
  bool HasBody = false;
  /// [[clang::nonblocking]] or AllowedFunctions: a chain stops here.
  bool StopsChain = false;
  std::vector<DirectBlock> Blocks;
  std::vector<CallSite> Calls;
};

struct UnitSummary {
  std::string MainFile;
  std::vector<FunctionSummary> Functions;
};

} // namespace corolint

#endif
