//===- SourceFiles.cpp ----------------------------------------------------===//
#include "SourceFiles.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

namespace corolint::tool {

std::string contentHash(llvm::StringRef Bytes) {
  llvm::XXH128_hash_t H = llvm::xxh3_128bits(llvm::arrayRefFromStringRef(Bytes));
  return llvm::formatv("{0:x-16}{1:x-16}", H.high64, H.low64).str();
}

std::optional<std::string> hashFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return std::nullopt;
  return contentHash((*Buffer)->getBuffer());
}

std::string absolutePath(llvm::StringRef Path, llvm::StringRef BaseDir) {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P)) {
    llvm::SmallString<256> Base(BaseDir);
    if (Base.empty() && llvm::sys::fs::current_path(Base))
      return std::string(Path); // no working directory: leave the path as given
    llvm::sys::path::append(Base, P);
    P = Base;
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

std::optional<std::string> relativeTo(llvm::StringRef File, llvm::StringRef Root) {
  llvm::StringRef R = Root;
  while (R.size() > 1 && R.ends_with("/"))
    R = R.drop_back();
  if (R == "/")
    return File.starts_with("/") && File.size() > 1 ? std::optional(File.drop_front().str())
                                                    : std::nullopt;
  if (!File.starts_with(R) || File.size() <= R.size() + 1 || File[R.size()] != '/')
    return std::nullopt;
  return File.drop_front(R.size() + 1).str();
}

const std::string *SourceFiles::content(llvm::StringRef Path) {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Files.find(Path);
  if (It == Files.end()) {
    std::unique_ptr<std::string> Text;
    if (auto Buffer = llvm::MemoryBuffer::getFile(Path, false, false))
      Text = std::make_unique<std::string>((*Buffer)->getBuffer());
    It = Files.try_emplace(Path, std::move(Text)).first;
  }
  return It->second.get();
}

llvm::StringRef SourceFiles::lineAt(llvm::StringRef Path, unsigned Offset) {
  const std::string *Text = content(Path);
  if (!Text || Offset > Text->size())
    return "";
  llvm::StringRef All(*Text);
  size_t Begin = All.rfind('\n', Offset); // searches before Offset
  Begin = Begin == llvm::StringRef::npos ? 0 : Begin + 1;
  size_t End = All.find('\n', Offset);
  if (End == llvm::StringRef::npos)
    End = All.size();
  return All.slice(Begin, End);
}

} // namespace corolint::tool
