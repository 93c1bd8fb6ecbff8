//===- FindingList.cpp ----------------------------------------------------===//
#include "FindingList.h"
#include <algorithm>
#include <tuple>

namespace corolint::tool {

void sortAndDedupe(std::vector<Finding> &Findings) {
  auto Key = [](const Finding &F) {
    return std::tie(F.At.File, F.At.Offset, F.Check, F.Message);
  };
  std::sort(Findings.begin(), Findings.end(),
            [&](const Finding &A, const Finding &B) { return Key(A) < Key(B); });
  Findings.erase(std::unique(Findings.begin(), Findings.end(),
                             [&](const Finding &A, const Finding &B) { return Key(A) == Key(B); }),
                 Findings.end());
}

} // namespace corolint::tool
