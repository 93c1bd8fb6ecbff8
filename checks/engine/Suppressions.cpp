//===- Suppressions.cpp ---------------------------------------------------===//
#include "Suppressions.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/GlobPattern.h"
#include <algorithm>
#include <optional>

namespace corolint {

namespace {

enum class MarkerKind { SameLine, NextLine, Begin, End };

struct Marker {
  MarkerKind Kind;
  /// The parenthesised check list; nullopt for a bare marker (every check).
  std::optional<std::string> Checks;
};

std::vector<Marker> markersIn(llvm::StringRef Line) {
  std::vector<Marker> Out;
  for (size_t Pos = Line.find("NOLINT"); Pos != llvm::StringRef::npos;
       Pos = Line.find("NOLINT", Pos + 1)) {
    llvm::StringRef Rest = Line.substr(Pos + 6);
    MarkerKind Kind = MarkerKind::SameLine;
    if (Rest.consume_front("NEXTLINE"))
      Kind = MarkerKind::NextLine;
    else if (Rest.consume_front("BEGIN"))
      Kind = MarkerKind::Begin;
    else if (Rest.consume_front("END"))
      Kind = MarkerKind::End;
    Marker M{Kind, std::nullopt};
    if (Rest.starts_with("(")) {
      size_t Close = Rest.find(')');
      if (Close == llvm::StringRef::npos)
        continue; // "NOLINT(" never closed: clang-tidy ignores it too
      M.Checks = Rest.substr(1, Close - 1).str();
    }
    Out.push_back(std::move(M));
  }
  return Out;
}

bool covers(const std::optional<std::string> &Checks, llvm::StringRef Check) {
  if (!Checks)
    return true;
  llvm::SmallVector<llvm::StringRef, 4> Globs;
  llvm::StringRef(*Checks).split(Globs, ',');
  for (llvm::StringRef Glob : Globs) {
    Glob = Glob.trim();
    if (Glob.empty())
      continue;
    auto Pattern = llvm::GlobPattern::create(Glob);
    if (!Pattern) {
      llvm::consumeError(Pattern.takeError());
      continue;
    }
    if (Pattern->match(Check))
      return true;
  }
  return false;
}

} // namespace

SuppressionIndex::SuppressionIndex(llvm::StringRef Content) {
  // Only the lines with a marker, found by searching the text for it.
  unsigned Line = 1;
  size_t Counted = 0; // newlines before this offset are in Line
  for (size_t Pos = Content.find("NOLINT"); Pos != llvm::StringRef::npos;) {
    Line += Content.slice(Counted, Pos).count('\n');
    size_t Begin = Content.take_front(Pos).rfind('\n') + 1; // 0 on the first line
    size_t End = std::min(Content.find('\n', Pos), Content.size());
    MarkedLines.push_back({Line, Content.slice(Begin, End)});
    Counted = End;
    Pos = Content.find("NOLINT", End);
  }
  // Regions: an END closes the latest open BEGIN with the same list; a
  // BEGIN never closed runs to the end of the file.
  std::vector<Region> Open;
  for (const auto &[Number, Text] : MarkedLines) {
    for (Marker &M : markersIn(Text)) {
      if (M.Kind == MarkerKind::Begin) {
        Open.push_back({Number, ~0u, std::move(M.Checks)});
      } else if (M.Kind == MarkerKind::End) {
        for (auto It = Open.rbegin(); It != Open.rend(); ++It) {
          if (It->Checks == M.Checks) {
            It->Last = Number;
            Regions.push_back(std::move(*It));
            Open.erase(std::next(It).base());
            break;
          }
        }
      }
    }
  }
  for (Region &R : Open)
    Regions.push_back(std::move(R));
}

bool SuppressionIndex::suppresses(unsigned Line, llvm::StringRef Check) const {
  auto MarkedOn = [&](unsigned L, MarkerKind Kind) {
    auto It = llvm::lower_bound(MarkedLines, L,
                                [](const auto &Marked, unsigned N) { return Marked.first < N; });
    if (It == MarkedLines.end() || It->first != L)
      return false;
    for (const Marker &M : markersIn(It->second))
      if (M.Kind == Kind && covers(M.Checks, Check))
        return true;
    return false;
  };
  if (MarkedOn(Line, MarkerKind::SameLine) || MarkedOn(Line - 1, MarkerKind::NextLine))
    return true;
  for (const Region &R : Regions)
    if (R.First <= Line && Line <= R.Last && covers(R.Checks, Check))
      return true;
  return false;
}

bool isSuppressed(llvm::StringRef Content, unsigned Line, llvm::StringRef Check) {
  return SuppressionIndex(Content).suppresses(Line, Check);
}

size_t dropSuppressed(std::vector<Finding> &Findings, ContentLookup ContentOf) {
  llvm::StringMap<std::optional<SuppressionIndex>> Indexes;
  size_t Before = Findings.size();
  llvm::erase_if(Findings, [&](const Finding &F) {
    auto [It, Inserted] = Indexes.try_emplace(F.At.File);
    if (Inserted) {
      if (const std::string *Content = ContentOf(F.At.File))
        It->second.emplace(*Content);
    }
    return It->second && It->second->suppresses(F.At.Line, F.Check);
  });
  return Before - Findings.size();
}

} // namespace corolint
