//===- Reporting.h - From classified calls to findings ----------*- C++ -*-===//
//
// The one way from a unit's scan to its direct findings, used by the
// clang-tidy module and by the command and the language server
// (UnitAnalysis): which calls are reported, their fixes decided together
// (FixPlan), one finding per call site, its message and notes (Wording.h)
// and its fix's edits with the #includes they need, as plain data
// (Findings.h). The module turns that data back into clang-tidy diagnostics;
// the two ways a front end differs are the two fields of ReportPolicy below.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_REPORTING_H
#define COROLINT_ENGINE_REPORTING_H

#include "BlockingApi.h"
#include "Findings.h"
#include "FixIts.h"
#include "UnitScan.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang {
class ASTContext;
}

namespace corolint {

struct ReportPolicy {
  /// Whether a check is on. Findings of enabled checks outside system
  /// headers are the reportable ones; their fixes are decided together, so
  /// that of two nested calls (of two checks, perhaps) one is fixed.
  llvm::function_ref<bool(llvm::StringRef Check)> IsEnabled;
  /// The categories to return now, wherever their findings are: the module's
  /// nine checks report one category each from the same scan, and leave
  /// system headers to clang-tidy's --system-headers. Null: the reportable
  /// findings. (Findings that are not reportable get no fix.)
  llvm::function_ref<bool(Category)> Returns = nullptr;
  const FixOptions *Fixes = nullptr;
  /// Where findings are data (the command, the language server), a call
  /// inside another's fix carries that fix too, which the fix applier
  /// applies once. clang-tidy would apply it once per diagnostic, so the
  /// module gives it to the outer call alone.
  bool CoveredCallsShareFix = true;
  /// Whether a fix at \p At that needs \p Header carries its #include. Null:
  /// every fix does, so that it is whole on its own (an editor's quick fix,
  /// a fix whose neighbour is suppressed); the fix applier merges identical
  /// insertions. clang-tidy does not, so the module carries each once a file.
  llvm::function_ref<bool(clang::FileID File, llvm::StringRef Header, clang::SourceLocation At)>
      CarriesInclude = nullptr;
};

/// The unit's direct findings that \p Policy reports, in scan order (the
/// order of the coroutines, then of their calls); a template's findings
/// appear once.
std::vector<Finding> reportDirectFindings(const UnitScan &Scan, clang::ASTContext &Ctx,
                                          const ReportPolicy &Policy);

} // namespace corolint

#endif
