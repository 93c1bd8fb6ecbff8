//===- Baseline.cpp -------------------------------------------------------===//
#include "Baseline.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace corolint::tool {

namespace {
struct KeyParts {
  std::string Check, File, Coroutine, Callee, LineHash;
  unsigned Occurrence = 0;

  std::string join() const {
    return llvm::join_items('\x1f', Check, File, Coroutine, Callee, LineHash,
                            std::to_string(Occurrence));
  }
};

std::vector<KeyParts> keyParts(const std::vector<Finding> &Findings, llvm::StringRef Root,
                               SourceFiles &Sources) {
  std::vector<KeyParts> Keys;
  llvm::StringMap<unsigned> Seen;
  for (const Finding &F : Findings) {
    KeyParts K;
    K.Check = F.Check;
    K.File = relativeTo(F.At.File, Root).value_or(F.At.File);
    K.Coroutine = F.Coroutine;
    K.Callee = F.Callee;
    K.LineHash = contentHash(normalizeLine(Sources.lineAt(F.At.File, F.At.Offset))).substr(0, 16);
    K.Occurrence = Seen[K.join()]++; // joined with occurrence 0: the group
    Keys.push_back(std::move(K));
  }
  return Keys;
}
} // namespace

std::string normalizeLine(llvm::StringRef Line) {
  llvm::SmallVector<llvm::StringRef> Words;
  Line.split(Words, ' ', -1, false);
  std::string Out;
  for (llvm::StringRef W : Words) {
    llvm::SmallVector<llvm::StringRef> Parts;
    W.split(Parts, '\t', -1, false);
    for (llvm::StringRef P : Parts) {
      P = P.trim(" \t\r\n\v\f");
      if (P.empty())
        continue;
      if (!Out.empty())
        Out += ' ';
      Out += P;
    }
  }
  return Out;
}

std::vector<std::string> baselineKeys(const std::vector<Finding> &Findings, llvm::StringRef Root,
                                      SourceFiles &Sources) {
  std::vector<std::string> Keys;
  for (const KeyParts &K : keyParts(Findings, Root, Sources))
    Keys.push_back(K.join());
  return Keys;
}

llvm::Error writeBaseline(llvm::StringRef Path, const std::vector<Finding> &Findings,
                          llvm::StringRef Root, SourceFiles &Sources) {
  llvm::json::Array Entries;
  std::vector<KeyParts> Keys = keyParts(Findings, Root, Sources);
  for (size_t I = 0; I < Keys.size(); ++I)
    Entries.push_back(llvm::json::Object{{"check", Keys[I].Check},
                                         {"file", Keys[I].File},
                                         {"coroutine", Keys[I].Coroutine},
                                         {"callee", Keys[I].Callee},
                                         {"lineHash", Keys[I].LineHash},
                                         {"occurrence", Keys[I].Occurrence},
                                         // For readers only; matching ignores it.
                                         {"message", Findings[I].Message}});
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC)
    return llvm::createStringError(EC, "cannot write baseline '%s': %s", Path.str().c_str(),
                                   EC.message().c_str());
  OS << llvm::formatv("{0:2}", llvm::json::Value(llvm::json::Object{
                                   {"corolintBaseline", 1}, {"findings", std::move(Entries)}}))
     << "\n";
  return llvm::Error::success();
}

llvm::Expected<std::multiset<std::string>> readBaseline(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(), "cannot read baseline '%s': %s",
                                   Path.str().c_str(), Buffer.getError().message().c_str());
  auto Parsed = llvm::json::parse((*Buffer)->getBuffer());
  if (!Parsed)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "baseline '%s' is not JSON: %s",
                                   Path.str().c_str(), llvm::toString(Parsed.takeError()).c_str());
  const llvm::json::Object *Top = Parsed->getAsObject();
  const llvm::json::Array *Entries = Top ? Top->getArray("findings") : nullptr;
  if (!Entries)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "baseline '%s' has no \"findings\" array", Path.str().c_str());
  std::multiset<std::string> Keys;
  for (const llvm::json::Value &E : *Entries) {
    const llvm::json::Object *O = E.getAsObject();
    if (!O)
      continue;
    KeyParts K;
    auto Str = [&](llvm::StringRef Name) { return O->getString(Name).value_or("").str(); };
    K.Check = Str("check");
    K.File = Str("file");
    K.Coroutine = Str("coroutine");
    K.Callee = Str("callee");
    K.LineHash = Str("lineHash");
    K.Occurrence = O->getInteger("occurrence").value_or(0);
    Keys.insert(K.join());
  }
  return Keys;
}

std::vector<Finding> withoutBaseline(const std::vector<Finding> &Findings,
                                     std::multiset<std::string> Baseline, llvm::StringRef Root,
                                     SourceFiles &Sources) {
  std::vector<std::string> Keys = baselineKeys(Findings, Root, Sources);
  std::vector<Finding> Kept;
  for (size_t I = 0; I < Findings.size(); ++I) {
    auto It = Baseline.find(Keys[I]);
    if (It != Baseline.end())
      Baseline.erase(It);
    else
      Kept.push_back(Findings[I]);
  }
  return Kept;
}

} // namespace corolint::tool
