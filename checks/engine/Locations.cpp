//===- Locations.cpp ------------------------------------------------------===//
#include "Locations.h"

#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace corolint {

/// The absolute name of a file clang read. A relative name (a compile
/// command's relative "file" or -I) is relative to the directory clang ran in,
/// which the process may have left since (ClangTool goes back to where it
/// started once the AST is built): the FileManager made the name absolute when
/// it first saw the file, and only a file it never opened falls back to its
/// file system's working directory. Never the process's own.
static std::string absoluteFileName(FileEntryRef Entry, const SourceManager &SM) {
  llvm::SmallString<256> Path(Entry.getFileEntry().tryGetRealPathName());
  if (Path.empty()) {
    Path = Entry.getName();
    SM.getFileManager().makeAbsolutePath(Path);
  }
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

/// The file name of a FileID, or "" if it is not a file.
static std::string fileNameOf(FileID File, const SourceManager &SM) {
  if (OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File))
    return absoluteFileName(*Entry, SM);
  return {};
}

/// A location in a file whose name is given.
static Location locationIn(SourceLocation Loc, FileID File, std::string Name,
                           const SourceManager &SM) {
  Location L;
  L.File = std::move(Name);
  std::pair<FileID, unsigned> Decomposed = SM.getDecomposedLoc(Loc);
  L.Offset = Decomposed.second;
  L.Line = SM.getLineNumber(File, Decomposed.second);
  L.Column = SM.getColumnNumber(File, Decomposed.second);
  return L;
}

Location toLocation(SourceLocation Loc, const SourceManager &SM) {
  Loc = SM.getFileLoc(Loc);
  if (Loc.isInvalid())
    return {};
  FileID File = SM.getFileID(Loc);
  return locationIn(Loc, File, fileNameOf(File, SM), SM);
}

Location LocationConverter::operator()(SourceLocation Loc) {
  Loc = SM.getFileLoc(Loc);
  if (Loc.isInvalid())
    return {};
  FileID File = SM.getFileID(Loc);
  auto [It, Inserted] = Names.try_emplace(File.getHashValue());
  if (Inserted)
    It->second = fileNameOf(File, SM);
  return locationIn(Loc, File, It->second, SM);
}

} // namespace corolint
