//===- CompileDatabase.h - Finding and reading compile_commands.json -*- C++ -*-===//
//
// The command (-p) and the language server (--build-path, or the database
// nearest a document) read compilation databases the same way.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_COMPILEDATABASE_H
#define COROLINT_TOOL_COMPILEDATABASE_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <string>

namespace corolint::tool {

/// The absolute name of the database a build path names: compile_commands.json
/// in it when it is a directory (or names no .json file), else the file itself.
std::string databaseFile(llvm::StringRef BuildPath);

/// The JSON database in \p File; null, with \p Why set, when it does not
/// exist or cannot be read.
std::unique_ptr<clang::tooling::CompilationDatabase> loadDatabase(llvm::StringRef File,
                                                                  std::string &Why);

} // namespace corolint::tool

#endif
