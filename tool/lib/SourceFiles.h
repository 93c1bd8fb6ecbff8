//===- SourceFiles.h - File contents, hashes and paths ----------*- C++ -*-===//
#ifndef COROLINT_TOOL_SOURCEFILES_H
#define COROLINT_TOOL_SOURCEFILES_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace corolint::tool {

/// The content hash used for dependencies and baselines (xxh3, hex).
std::string contentHash(llvm::StringRef Bytes);

/// The file's content hash now, or nullopt if it cannot be read.
std::optional<std::string> hashFile(llvm::StringRef Path);

/// Absolute, with `.` and `..` removed (symlinks kept).
std::string absolutePath(llvm::StringRef Path, llvm::StringRef BaseDir = "");

/// Path of File relative to Root if it lies under Root, else nullopt.
std::optional<std::string> relativeTo(llvm::StringRef File, llvm::StringRef Root);

/// Reads files once (for source lines in the baseline and the printers).
/// Thread-safe.
class SourceFiles {
public:
  /// Nullptr if unreadable.
  const std::string *content(llvm::StringRef Path);
  /// The text of the line containing Offset, without its newline.
  llvm::StringRef lineAt(llvm::StringRef Path, unsigned Offset);

private:
  std::mutex Mutex;
  llvm::StringMap<std::unique_ptr<std::string>> Files;
};

} // namespace corolint::tool

#endif
