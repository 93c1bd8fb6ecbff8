//===- BlockingClosure.cpp ------------------------------------------------------===//
#include "BlockingClosure.h"
#include "Wording.h"

#include "llvm/ADT/DenseSet.h"
#include <deque>

namespace corolint {

BlockingClosure::BlockingClosure(const std::vector<const UnitSummary *> &Units) {
  for (const UnitSummary *Unit : Units)
    for (const FunctionSummary &F : Unit->Functions) {
      auto [It, Inserted] = ByKey.try_emplace(F.Key, &F);
      if (Inserted) {
        if (F.IsCoroutine)
          Coroutines.push_back(&F);
      } else if (!It->second->HasBody && F.HasBody) {
        It->second = &F;
      }
    }

  // Callers of each function, then a breadth-first walk up from the
  // functions that block directly: every witness is a shortest chain, and
  // recursion or cycles end where a function already has one.
  llvm::StringMap<std::vector<std::pair<const FunctionSummary *, int>>> Callers;
  std::deque<const FunctionSummary *> Queue;
  for (const auto &Entry : ByKey) {
    const FunctionSummary *F = Entry.second;
    if (F->IsCoroutine || F->StopsChain)
      continue;
    for (size_t I = 0; I < F->Calls.size(); ++I)
      Callers[F->Calls[I].CalleeKey].push_back({F, static_cast<int>(I)});
    if (!F->Blocks.empty()) {
      Witnesses[F->Key] = BlockingWitness{F, 0, -1};
      Queue.push_back(F);
    }
  }
  while (!Queue.empty()) {
    const FunctionSummary *G = Queue.front();
    Queue.pop_front();
    auto It = Callers.find(G->Key);
    if (It == Callers.end())
      continue;
    for (auto [F, CallIndex] : It->second) {
      if (Witnesses.count(F->Key))
        continue;
      Witnesses[F->Key] = BlockingWitness{F, -1, CallIndex};
      Queue.push_back(F);
    }
  }
}

const BlockingWitness *BlockingClosure::witness(llvm::StringRef Key) const {
  auto It = Witnesses.find(Key);
  return It == Witnesses.end() ? nullptr : &It->second;
}

std::vector<Finding> BlockingClosure::findings(llvm::StringRef OnlyFile) const {
  std::vector<Finding> Result;
  llvm::DenseSet<std::pair<unsigned, unsigned>> Seen;
  llvm::StringMap<unsigned> FileIds;
  for (const FunctionSummary *C : Coroutines) {
    if (!OnlyFile.empty() && C->At.File != OnlyFile)
      continue;
    for (const CallSite &Site : C->Calls) {
      const BlockingWitness *W = witness(Site.CalleeKey);
      if (!W)
        continue;
      unsigned FileId = FileIds.try_emplace(Site.At.File, FileIds.size()).first->second;
      if (!Seen.insert({FileId, Site.At.Offset}).second)
        continue; // one finding per call site, however often instantiated
      Finding F;
      F.Check = TransitiveCheckName;
      F.At = Site.At;
      F.Coroutine = C->Name;
      F.Callee = Site.Callee;
      F.Notes.push_back({C->At, coroutineStartsHere(C->Name)});
      std::string Chain = Site.Callee;
      bool First = true;
      auto Append = [&](const std::string &Name) {
        Chain += (First ? " calls " : ", which calls ") + Name;
        First = false;
      };
      unsigned Steps = 0;
      for (const BlockingWitness *Step = W; Step && Steps < 64; ++Steps) {
        const FunctionSummary *Fn = Step->Function;
        if (Step->BlockIndex >= 0) {
          const DirectBlock &B = Fn->Blocks[Step->BlockIndex];
          F.Notes.push_back({B.At, blocksHereNote(Fn->Name, B.Callee, B.Check)});
          Append("'" + B.Callee + "'");
          break;
        }
        const CallSite &Next = Fn->Calls[Step->CallIndex];
        F.Notes.push_back({Next.At, callsHereNote(Fn->Name, Next.Callee)});
        if (Steps < 4)
          Append(Next.Callee);
        else if (Steps == 4)
          Append("...");
        Step = witness(Next.CalleeKey);
      }
      F.Message = transitiveCallMessage(Site.Callee, C->Name, Chain);
      Result.push_back(std::move(F));
    }
  }
  return Result;
}

} // namespace corolint
