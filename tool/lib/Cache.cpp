//===- Cache.cpp ----------------------------------------------------------===//
#include "Cache.h"
#include "Serialization.h"
#include "SourceFiles.h"
#include "ToolOptions.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace corolint::tool {

/// The version alone would keep stale entries across rebuilds of the same
/// version (the engine changes daily between releases): the key includes a
/// hash of the running executable, which links the engine statically, and
/// the LLVM version of the shared libraries.
static const std::string &buildIdentity() {
  static const std::string Identity = [] {
    std::string Id = std::string(corolintVersion()) + "/llvm-" LLVM_VERSION_STRING;
    std::string Exe = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
    if (auto Hash = hashFile(Exe))
      Id += "/" + *Hash;
    return Id;
  }();
  return Identity;
}

std::string ResultCache::keyFor(const clang::tooling::CompileCommand &Command,
                                const UnitConfig &Config, const ParseSettings &Settings) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  // Each part is length-prefixed so that no two different inputs concatenate
  // to the same text.
  auto Part = [&](llvm::StringRef S) { OS << S.size() << ':' << S << ';'; };
  Part("corolint");
  Part(buildIdentity());
  Part(COROLINT_CLANG_RESOURCE_DIR);
  Part(Command.Directory);
  Part(Command.Filename);
  for (const std::string &Arg : Command.CommandLine)
    Part(Arg);
  Part("--");
  for (const std::string &Arg : Settings.ExtraArgsBefore)
    Part(Arg);
  Part("--");
  for (const std::string &Arg : Settings.ExtraArgs)
    Part(Arg);
  Part(Config.Fingerprint);
  return contentHash(OS.str());
}

std::string ResultCache::entryPath(const std::string &Key) const {
  llvm::SmallString<256> P(Directory);
  llvm::sys::path::append(P, Key + ".json");
  return std::string(P);
}

std::optional<UnitResult> ResultCache::lookup(const std::string &Key) const {
  auto Buffer = llvm::MemoryBuffer::getFile(entryPath(Key));
  if (!Buffer)
    return std::nullopt;
  auto Parsed = llvm::json::parse((*Buffer)->getBuffer());
  if (!Parsed) {
    llvm::consumeError(Parsed.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *Entry = Parsed->getAsObject();
  if (!Entry || Entry->getString("version") != buildIdentity())
    return std::nullopt;
  UnitResult R;
  const llvm::json::Array *Deps = Entry->getArray("dependencies");
  if (!Deps)
    return std::nullopt;
  for (const llvm::json::Value &D : *Deps) {
    const llvm::json::Object *O = D.getAsObject();
    std::optional<llvm::StringRef> File = O ? O->getString("file") : std::nullopt;
    std::optional<llvm::StringRef> Hash = O ? O->getString("hash") : std::nullopt;
    if (!File || !Hash)
      return std::nullopt;
    Dependency Dep{File->str(), Hash->str()};
    std::optional<std::string> Now = hashFile(Dep.File);
    if (getenv("COROLINT_DEBUG_CACHE") && (!Now || *Now != Dep.Hash))
      llvm::errs() << "cache: " << Dep.File << " changed\n";
    if (!Now || *Now != Dep.Hash)
      return std::nullopt; // a file the unit read has changed (or is gone)
    R.Dependencies.push_back(std::move(Dep));
  }
  llvm::json::Path::Root Root;
  const llvm::json::Value *Findings = Entry->get("findings");
  const llvm::json::Value *Summary = Entry->get("summary");
  std::optional<llvm::StringRef> MainFile = Entry->getString("mainFile");
  if (!Findings || !Summary || !MainFile ||
      !fromJSON(*Findings, R.Findings, llvm::json::Path(Root)) ||
      !fromJSON(*Summary, R.Summary, llvm::json::Path(Root))) {
    llvm::consumeError(Root.getError());
    return std::nullopt;
  }
  R.MainFile = MainFile->str();
  R.Parsed = true;
  R.FromCache = true;
  return R;
}

void ResultCache::store(const std::string &Key, const UnitResult &Result) const {
  if (!Result.Parsed || llvm::sys::fs::create_directories(Directory))
    return;
  llvm::json::Array Deps;
  for (const Dependency &D : Result.Dependencies)
    Deps.push_back(llvm::json::Object{{"file", D.File}, {"hash", D.Hash}});
  llvm::json::Array Findings;
  for (const Finding &F : Result.Findings)
    Findings.push_back(toJSON(F));
  llvm::json::Value Entry = llvm::json::Object{{"version", buildIdentity()},
                                               {"mainFile", Result.MainFile},
                                               {"dependencies", std::move(Deps)},
                                               {"findings", std::move(Findings)},
                                               {"summary", toJSON(Result.Summary)}};
  // Written under a unique name and renamed: a concurrent run never reads a
  // half-written entry.
  llvm::SmallString<256> Temp;
  int FD;
  if (llvm::sys::fs::createUniqueFile(entryPath(Key) + ".%%%%%%.tmp", FD, Temp))
    return;
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Entry;
    OS.close();
    if (OS.has_error()) {
      OS.clear_error();
      (void)llvm::sys::fs::remove(Temp); // a stray temporary is harmless: best effort
      return;
    }
  }
  if (llvm::sys::fs::rename(Temp, entryPath(Key)))
    (void)llvm::sys::fs::remove(Temp); // the cache is an optimisation: best effort
}

} // namespace corolint::tool
