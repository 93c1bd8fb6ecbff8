//===- FindingList.cpp ----------------------------------------------------===//
#include "FindingList.h"
#include "BlockingClosure.h"
#include <algorithm>
#include <tuple>

namespace corolint::tool {

std::vector<Finding> reportedFindings(RunFindings Run, ContentLookup ContentOf) {
  std::vector<Finding> Findings = std::move(Run.Direct);
  if (Run.TransitiveEnabledIn) {
    BlockingClosure Closure(Run.Summaries);
    for (Finding &F : Closure.findings(Run.OnlyFile))
      if (Run.TransitiveEnabledIn(F.At.File))
        Findings.push_back(std::move(F));
  }
  sortAndDedupe(Findings);
  dropSuppressed(Findings, ContentOf);
  return Findings;
}

void sortAndDedupe(std::vector<Finding> &Findings) {
  auto Key = [](const Finding &F) { return std::tie(F.At.File, F.At.Offset, F.Check, F.Message); };
  std::sort(Findings.begin(), Findings.end(),
            [&](const Finding &A, const Finding &B) { return Key(A) < Key(B); });
  Findings.erase(std::unique(Findings.begin(), Findings.end(),
                             [&](const Finding &A, const Finding &B) { return Key(A) == Key(B); }),
                 Findings.end());
}

} // namespace corolint::tool
