//===- Printers.h - Findings as text, JSON or SARIF -------------*- C++ -*-===//
//
// Every format prints the same result model; none of them decides anything.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_PRINTERS_H
#define COROLINT_TOOL_PRINTERS_H

#include "Findings.h"
#include "SourceFiles.h"
#include "ToolOptions.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>

namespace corolint::tool {

struct Report {
  std::vector<Finding> Findings; ///< sorted by file and offset
  std::string Root;              ///< project root, for relative paths
};

class Printer {
public:
  virtual ~Printer() = default;
  virtual void print(const Report &R, llvm::raw_ostream &OS) = 0;
};

/// `file:line:col: warning: message [check]`, the source line and a caret,
/// then the notes, like clang.
std::unique_ptr<Printer> makeTextPrinter(SourceFiles &Sources);
/// An array of findings with every field of the model.
std::unique_ptr<Printer> makeJsonPrinter();
/// SARIF 2.1.0: one run, rules for every check, fixes and code flows.
std::unique_ptr<Printer> makeSarifPrinter(SourceFiles &Sources);

std::unique_ptr<Printer> makePrinter(OutputFormat Format, SourceFiles &Sources);

/// The page documenting a check (COROLINT_DOCS_BASE_URL + its docs page),
/// for SARIF rules and language-server diagnostics.
std::string checkDocsUrl(llvm::StringRef Check);

} // namespace corolint::tool

#endif
