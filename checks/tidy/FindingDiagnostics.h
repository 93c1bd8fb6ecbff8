//===- FindingDiagnostics.h - Plain findings as clang-tidy's ----*- C++ -*-===//
//
// The engine reports findings as data (Findings.h) for every front end; the
// module shows them as clang-tidy diagnostics: the warning with its fix's
// edits, then its notes. clang-tidy then applies NOLINT comments, the
// header filter and --fix as it does for any check.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TIDY_FINDINGDIAGNOSTICS_H
#define COROLINT_TIDY_FINDINGDIAGNOSTICS_H

#include "Findings.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/StringMap.h"

namespace corolint::tidy {

/// Emits findings through a check, for one unit.
class FindingDiagnostics {
public:
  FindingDiagnostics(clang::tidy::ClangTidyCheck &Check, clang::SourceManager &SM)
      : Check(Check), SM(SM) {}

  /// A finding or note in a file clang did not read is left out (it cannot
  /// be shown); so is an edit there.
  void emit(const Finding &F);

private:
  /// Back from the plain model to a location clang-tidy can report.
  clang::SourceLocation toSourceLocation(const std::string &File, unsigned Offset);

  clang::tidy::ClangTidyCheck &Check;
  clang::SourceManager &SM;
  llvm::StringMap<clang::FileID> Files; // by absolute name, looked up once
};

} // namespace corolint::tidy

#endif
