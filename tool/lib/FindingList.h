//===- FindingList.h - Ordering the findings of a run -----------*- C++ -*-===//
#ifndef COROLINT_TOOL_FINDINGLIST_H
#define COROLINT_TOOL_FINDINGLIST_H

#include "Findings.h"
#include <vector>

namespace corolint::tool {

/// Sorts by file and offset, and keeps one of equal findings: a header's
/// findings come once, however many units include it.
void sortAndDedupe(std::vector<Finding> &Findings);

} // namespace corolint::tool

#endif
