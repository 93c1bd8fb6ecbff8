//===- Serialization.cpp --------------------------------------------------===//
#include "Serialization.h"
#include "llvm/ADT/StringExtras.h"
#include <limits>

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::ObjectMapper;
using llvm::json::Value;

namespace corolint {

/// JSON strings are Unicode: llvm::json replaces bytes that are not UTF-8
/// with U+FFFD. Text that must come back byte for byte (a fix's text, which
/// copies the user's source, maybe a Latin-1 string literal; file paths) is
/// also written as hex under `<key>Bytes` when it is not UTF-8, and read
/// from there.
static void putExact(Object &O, llvm::StringRef Key, const std::string &Text) {
  O[Key] = Text;
  if (!llvm::json::isUTF8(Text))
    O[(Key + "Bytes").str()] = llvm::toHex(Text, /*LowerCase=*/true);
}

static bool mapExact(const Value &V, llvm::StringRef Key, std::string &Out, llvm::json::Path P) {
  const Object *O = V.getAsObject();
  if (!O)
    return false;
  if (std::optional<llvm::StringRef> Hex = O->getString((Key + "Bytes").str())) {
    if (!llvm::tryGetFromHex(*Hex, Out)) {
      P.field((Key + "Bytes").str()).report("expected hex digits");
      return false;
    }
    return true;
  }
  std::optional<llvm::StringRef> Text = O->getString(Key);
  if (!Text) {
    P.field(Key).report("expected a string");
    return false;
  }
  Out = Text->str();
  return true;
}

template <class T> static Value arrayOf(const std::vector<T> &Items) {
  Array A;
  for (const T &I : Items)
    A.push_back(toJSON(I));
  return A;
}

Value toJSON(const Location &L) {
  Object O{{"line", L.Line}, {"column", L.Column}, {"offset", L.Offset}};
  putExact(O, "file", L.File);
  return O;
}

Value toJSON(const Note &N) {
  Value V = toJSON(N.At);
  V.getAsObject()->try_emplace("message", N.Message);
  return V;
}

Value toJSON(const Edit &E) {
  Object O{{"offset", E.Offset}, {"length", E.Length}};
  putExact(O, "file", E.File);
  putExact(O, "text", E.Text);
  return O;
}

Value toJSON(const Finding &F) {
  return Object{{"check", F.Check},         {"location", toJSON(F.At)}, {"message", F.Message},
                {"coroutine", F.Coroutine}, {"callee", F.Callee},       {"notes", arrayOf(F.Notes)},
                {"fix", arrayOf(F.Fix)}};
}

Value toJSON(const DirectBlock &B) {
  return Object{{"check", B.Check}, {"callee", B.Callee}, {"at", toJSON(B.At)}};
}

Value toJSON(const CallSite &C) {
  return Object{{"calleeKey", C.CalleeKey}, {"callee", C.Callee}, {"at", toJSON(C.At)}};
}

Value toJSON(const FunctionSummary &S) {
  return Object{{"key", S.Key},
                {"name", S.Name},
                {"at", toJSON(S.At)},
                {"isCoroutine", S.IsCoroutine},
                {"hasBody", S.HasBody},
                {"stopsChain", S.StopsChain},
                {"blocks", arrayOf(S.Blocks)},
                {"calls", arrayOf(S.Calls)}};
}

Value toJSON(const UnitSummary &S) {
  return Object{{"mainFile", S.MainFile}, {"functions", arrayOf(S.Functions)}};
}

/// llvm::json reads only 64-bit integers; the model holds unsigned.
static bool mapUnsigned(const Value &V, llvm::StringRef Name, unsigned &Out, llvm::json::Path P) {
  const llvm::json::Object *O = V.getAsObject();
  std::optional<int64_t> N = O ? O->getInteger(Name) : std::nullopt;
  if (!N || *N < 0 || *N > std::numeric_limits<unsigned>::max()) {
    P.field(Name).report("expected an unsigned integer");
    return false;
  }
  Out = static_cast<unsigned>(*N);
  return true;
}

bool fromJSON(const Value &V, Location &L, llvm::json::Path P) {
  ObjectMapper O(V, P);
  return O && mapExact(V, "file", L.File, P) && mapUnsigned(V, "line", L.Line, P) &&
         mapUnsigned(V, "column", L.Column, P) && mapUnsigned(V, "offset", L.Offset, P);
}

bool fromJSON(const Value &V, Note &N, llvm::json::Path P) {
  ObjectMapper O(V, P);
  return O && fromJSON(V, N.At, P) && O.map("message", N.Message);
}

bool fromJSON(const Value &V, Edit &E, llvm::json::Path P) {
  ObjectMapper O(V, P);
  return O && mapExact(V, "file", E.File, P) && mapUnsigned(V, "offset", E.Offset, P) &&
         mapUnsigned(V, "length", E.Length, P) && mapExact(V, "text", E.Text, P);
}

bool fromJSON(const Value &V, Finding &F, llvm::json::Path P) {
  ObjectMapper O(V, P);
  return O && O.map("check", F.Check) && O.map("location", F.At) && O.map("message", F.Message) &&
         O.map("coroutine", F.Coroutine) && O.map("callee", F.Callee) && O.map("notes", F.Notes) &&
         O.map("fix", F.Fix);
}

bool fromJSON(const Value &V, DirectBlock &B, llvm::json::Path P) {
  ObjectMapper O(V, P);
  return O && O.map("check", B.Check) && O.map("callee", B.Callee) && O.map("at", B.At);
}

bool fromJSON(const Value &V, CallSite &C, llvm::json::Path P) {
  ObjectMapper O(V, P);
  return O && O.map("calleeKey", C.CalleeKey) && O.map("callee", C.Callee) && O.map("at", C.At);
}

bool fromJSON(const Value &V, FunctionSummary &S, llvm::json::Path P) {
  ObjectMapper O(V, P);
  return O && O.map("key", S.Key) && O.map("name", S.Name) && O.map("at", S.At) &&
         O.map("isCoroutine", S.IsCoroutine) && O.map("hasBody", S.HasBody) &&
         O.map("stopsChain", S.StopsChain) && O.map("blocks", S.Blocks) && O.map("calls", S.Calls);
}

bool fromJSON(const Value &V, UnitSummary &S, llvm::json::Path P) {
  ObjectMapper O(V, P);
  return O && O.map("mainFile", S.MainFile) && O.map("functions", S.Functions);
}

} // namespace corolint
