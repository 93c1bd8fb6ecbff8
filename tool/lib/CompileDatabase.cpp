//===- CompileDatabase.cpp ------------------------------------------------===//
#include "CompileDatabase.h"
#include "SourceFiles.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang::tooling;

namespace corolint::tool {

std::string databaseFile(llvm::StringRef BuildPath) {
  llvm::SmallString<256> Path(absolutePath(BuildPath));
  if (llvm::sys::fs::is_directory(Path) || !Path.ends_with(".json"))
    llvm::sys::path::append(Path, "compile_commands.json");
  return std::string(Path);
}

std::unique_ptr<CompilationDatabase> loadDatabase(llvm::StringRef File, std::string &Why) {
  if (!llvm::sys::fs::exists(File)) {
    Why = "no compilation database: '" + File.str() +
          "' does not exist (configure with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)";
    return nullptr;
  }
  std::string LoadError;
  auto DB =
      JSONCompilationDatabase::loadFromFile(File, LoadError, JSONCommandLineSyntax::AutoDetect);
  if (!DB)
    Why = "cannot read the compilation database '" + File.str() + "': " + LoadError;
  return DB;
}

} // namespace corolint::tool
