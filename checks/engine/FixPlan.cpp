//===- FixPlan.cpp - The fixes of a unit, decided together ----------------===//
//
// The plan works on sites, one per stretch of call text (a template's
// pattern and its instantiations share theirs), in four stages: gather the
// sites, nest them by their text, rewrite them innermost first (each
// rewrite keeps the rewrites of the calls in its arguments), and give each
// outermost site that has a rewrite its fix.
//
//===----------------------------------------------------------------------===//
#include "FixIts.h"
#include "FixRewrite.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include <map>
#include <tuple>

using namespace clang;

namespace corolint {

namespace {

struct Site {
  FileSpan Span;
  const BlockingCallFinding *From = nullptr; ///< the finding the fix is made from
  llvm::SmallVector<const Expr *, 2> Calls;
  llvm::SmallVector<unsigned, 2> Children;
  bool HasParent = false;
  bool Tangled = false; ///< overlaps another site without nesting
  std::optional<Rewrite> Fix;
  /// The edits in this site's text if it is not fixed itself.
  std::vector<InnerEdit> Selected;
};

/// One site per stretch of call text, made from a finding outside template
/// instantiations (whose text is the pattern's). Findings whose call has no
/// text of its own get no site: no fix, and they hold none.
std::vector<Site> gatherSites(llvm::ArrayRef<const BlockingCallFinding *> Findings,
                              const ASTContext &Ctx) {
  std::vector<Site> Sites;
  std::map<std::tuple<unsigned, unsigned, unsigned>, unsigned> SiteOf;
  for (const BlockingCallFinding *F : Findings) {
    if (!F || !F->Call)
      continue;
    std::optional<FileSpan> Span = fileSpan(F->Call->getSourceRange(), Ctx);
    if (!Span)
      continue;
    auto [It, New] =
        SiteOf.try_emplace({Span->File.getHashValue(), Span->Begin, Span->End}, Sites.size());
    if (New) {
      Sites.emplace_back();
      Sites.back().Span = *Span;
    }
    Site &S = Sites[It->second];
    S.Calls.push_back(F->Call);
    if (!S.From && !isInInstantiation(*F->Coroutine))
      S.From = F;
  }
  return Sites;
}

/// Links each site to the sites whose text it contains (Children,
/// HasParent) and marks those that overlap without nesting (Tangled).
/// Returns the sites by file, then begin, then end descending: every site
/// comes after the sites whose text contains it.
std::vector<unsigned> nestSites(std::vector<Site> &Sites) {
  std::vector<unsigned> Order(Sites.size());
  for (unsigned I = 0; I < Order.size(); ++I)
    Order[I] = I;
  llvm::sort(Order, [&](unsigned A, unsigned B) {
    const FileSpan &X = Sites[A].Span, &Y = Sites[B].Span;
    return std::make_tuple(X.File.getHashValue(), X.Begin, -static_cast<long long>(X.End)) <
           std::make_tuple(Y.File.getHashValue(), Y.Begin, -static_cast<long long>(Y.End));
  });
  llvm::SmallVector<unsigned, 8> Open;
  for (unsigned I : Order) {
    Site &S = Sites[I];
    while (!Open.empty() && !Sites[Open.back()].Span.contains(S.Span)) {
      Site &Top = Sites[Open.back()];
      if (Top.Span.File == S.Span.File && S.Span.Begin < Top.Span.End)
        Top.Tangled = S.Tangled = true; // only macros can do this
      Open.pop_back();
    }
    if (!Open.empty()) {
      Sites[Open.back()].Children.push_back(I);
      S.HasParent = true;
    }
    Open.push_back(I);
  }
  return Order;
}

/// Inner sites first: a site's rewrite keeps its arguments' text with the
/// rewrites of the calls in it applied.
void rewriteInnerFirst(std::vector<Site> &Sites, llvm::ArrayRef<unsigned> Order, ASTContext &Ctx,
                       const FixOptions &Options) {
  for (auto It = Order.rbegin(); It != Order.rend(); ++It) {
    Site &S = Sites[*It];
    std::vector<InnerEdit> Inner;
    for (unsigned C : S.Children)
      for (InnerEdit &E : Sites[C].Selected)
        Inner.push_back(std::move(E));
    llvm::sort(Inner,
               [](const InnerEdit &A, const InnerEdit &B) { return A.Span.Begin < B.Span.Begin; });
    if (S.From && !S.Tangled)
      S.Fix = rewriteOf(*S.From, Ctx, Options, Inner);
    if (S.Fix)
      S.Selected = {InnerEdit{S.Span, S.Fix->Text, S.Fix->Headers}};
    else
      S.Selected = std::move(Inner);
  }
}

} // namespace

FixPlan::FixPlan(llvm::ArrayRef<const BlockingCallFinding *> Findings, ASTContext &Ctx,
                 const FixOptions &Options) {
  std::vector<Site> Sites = gatherSites(Findings, Ctx);
  std::vector<unsigned> Order = nestSites(Sites);
  rewriteInnerFirst(Sites, Order, Ctx, Options);

  // The outermost site with a fix gets it; the sites inside it are part of it.
  struct Item {
    unsigned Site;
    int Covering; ///< the fix of the site around it, or -1
  };
  llvm::SmallVector<Item, 16> Work;
  for (unsigned I = 0; I < Sites.size(); ++I)
    if (!Sites[I].HasParent)
      Work.push_back({I, -1});
  while (!Work.empty()) {
    auto [Index, Covering] = Work.pop_back_val();
    Site &S = Sites[Index];
    if (Covering < 0 && S.Fix) {
      Covering = static_cast<int>(Fixes.size());
      for (const Expr *Call : S.Calls)
        FixOfCall[Call] = Fixes.size();
      Fixes.push_back(toFixIt(S.Span, std::move(*S.Fix), Ctx.getSourceManager()));
    }
    if (Covering >= 0)
      for (const Expr *Call : S.Calls)
        CoveringFix[Call] = static_cast<unsigned>(Covering);
    for (unsigned C : S.Children)
      Work.push_back({C, Covering});
  }
}

const FixIt *FixPlan::fixFor(const BlockingCallFinding &F) const {
  auto It = FixOfCall.find(F.Call);
  return It == FixOfCall.end() ? nullptr : &Fixes[It->second];
}

const FixIt *FixPlan::fixCovering(const BlockingCallFinding &F) const {
  auto It = CoveringFix.find(F.Call);
  return It == CoveringFix.end() ? nullptr : &Fixes[It->second];
}

} // namespace corolint
