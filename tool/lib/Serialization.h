//===- Serialization.h - The result model as JSON ---------------*- C++ -*-===//
//
// One encoding of findings and summaries, used by the cache and the JSON
// printer, so what is cached is exactly what is reported.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_SERIALIZATION_H
#define COROLINT_TOOL_SERIALIZATION_H

#include "Findings.h"
#include "Summaries.h"
#include "llvm/Support/JSON.h"

namespace corolint {

llvm::json::Value toJSON(const Location &L);
llvm::json::Value toJSON(const Note &N);
llvm::json::Value toJSON(const Edit &E);
llvm::json::Value toJSON(const Finding &F);
llvm::json::Value toJSON(const DirectBlock &B);
llvm::json::Value toJSON(const CallSite &C);
llvm::json::Value toJSON(const FunctionSummary &S);
llvm::json::Value toJSON(const UnitSummary &S);

bool fromJSON(const llvm::json::Value &V, Location &L, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, Note &N, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, Edit &E, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, Finding &F, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, DirectBlock &B, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, CallSite &C, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, FunctionSummary &S, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, UnitSummary &S, llvm::json::Path P);

} // namespace corolint

#endif
