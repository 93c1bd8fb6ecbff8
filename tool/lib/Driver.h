//===- Driver.h - The corolint command's action -----------------*- C++ -*-===//
#ifndef COROLINT_TOOL_DRIVER_H
#define COROLINT_TOOL_DRIVER_H

#include "ToolOptions.h"
#include "llvm/Support/raw_ostream.h"

namespace corolint::tool {

/// Exit codes: CI can tell findings from failures.
enum ExitCode : int { NoFindings = 0, FoundFindings = 1, ToolFailed = 2 };

/// Runs the command; messages and clang's errors go to \p Err, the report to
/// the output file or \p Out. Returns the exit code.
int runCorolint(const ToolOptions &Options, llvm::raw_ostream &Out, llvm::raw_ostream &Err);

} // namespace corolint::tool

#endif
