//===- SharedScan.h - One scan per unit for the ten checks ------*- C++ -*-===//
//
// clang-tidy runs each check on its own, but corolint's ten checks need the
// same walk of the same unit: the first check to ask scans it, the others
// read the result. Checks whose classifier options differ get scans of
// their own.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TIDY_SHAREDSCAN_H
#define COROLINT_TIDY_SHAREDSCAN_H

#include "Options.h"
#include "UnitScan.h"
#include "llvm/ADT/StringRef.h"

namespace clang {
class ASTContext;
namespace tidy {
class ClangTidyContext;
}
} // namespace clang

namespace corolint::tidy {

/// The unit's scan for these options (of which only the classifier's
/// matter), with the summaries when WithSummary. Valid until the next call.
const UnitScan &sharedScan(clang::ASTContext &Ctx, const OptionValues &Options, bool WithSummary);

/// Forgets every scan: called at the start of each translation unit (a new
/// unit's declarations may reuse the old one's addresses).
void forgetSharedScans();

/// When every check the options can enable is a corolint check, nothing
/// needs clang-tidy's matcher traversal of the whole unit, which follows the
/// checks' translation-unit callbacks: this limits it to nothing. With any
/// other check enabled it does nothing (the traversal is theirs).
void skipMatcherTraversalIfAlone(clang::ASTContext &Ctx,
                                 const clang::tidy::ClangTidyContext &Context);

/// True if every check the comma- or newline-separated glob list (in
/// clang-tidy's syntax) can enable starts with "corolint-".
bool onlyCorolintChecks(llvm::StringRef Globs);

} // namespace corolint::tidy

#endif
