//===- UriPath.h - A path as the path part of a file URI --------*- C++ -*-===//
//
// Header-only so that the language server's transport, which its fuzzer
// builds from a few files alone, and the SARIF printer share it.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_URIPATH_H
#define COROLINT_TOOL_URIPATH_H

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace corolint::tool {

/// Every byte outside the unreserved set and '/' percent-encoded (RFC 3986),
/// so any file name, UTF-8 or not, round-trips.
inline std::string uriPath(llvm::StringRef Path) {
  std::string Out;
  Out.reserve(Path.size());
  for (char C : Path) {
    const auto Byte = static_cast<unsigned char>(C);
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C)) {
      Out += C;
    } else {
      Out += '%';
      Out += llvm::hexdigit(Byte >> 4, /*LowerCase=*/false);
      Out += llvm::hexdigit(Byte & 15, /*LowerCase=*/false);
    }
  }
  return Out;
}

} // namespace corolint::tool

#endif
