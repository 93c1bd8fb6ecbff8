//===- Locations.h - clang's source locations as the plain model -*- C++ -*-===//
//
// Findings, notes and edits hold file locations with absolute file names
// (Findings.h), so that every front end, the cache and the printers share
// them without a SourceManager.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_LOCATIONS_H
#define COROLINT_ENGINE_LOCATIONS_H

#include "Findings.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include <string>

namespace clang {
class SourceManager;
}

namespace corolint {

/// Converts a source location to the plain model (file location, absolute path).
Location toLocation(clang::SourceLocation Loc, const clang::SourceManager &SM);

/// toLocation for many locations: each file's absolute name is computed once.
class LocationConverter {
public:
  explicit LocationConverter(const clang::SourceManager &SM) : SM(SM) {}
  Location operator()(clang::SourceLocation Loc);

private:
  const clang::SourceManager &SM;
  llvm::DenseMap<unsigned, std::string> Names; // by FileID
};

} // namespace corolint

#endif
