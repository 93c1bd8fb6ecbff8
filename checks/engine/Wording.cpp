//===- Wording.cpp --------------------------------------------------------===//
#include "Wording.h"
#include "llvm/ADT/Twine.h"

using llvm::Twine;

namespace corolint {

std::string blockingCallMessage(llvm::StringRef Callee, llvm::StringRef Coroutine,
                                llvm::StringRef Suggestion) {
  std::string Msg = (Twine("blocking call to '") + Callee + "' in coroutine " + Coroutine +
                     " stalls its event loop")
                        .str();
  if (!Suggestion.empty())
    Msg += (Twine("; use '") + Suggestion + "'").str();
  return Msg;
}

std::string transitiveCallMessage(llvm::StringRef Helper, llvm::StringRef Coroutine,
                                  llvm::StringRef Chain) {
  return (Twine("blocking call to ") + Helper + " in coroutine " + Coroutine +
          " stalls its event loop: " + Chain)
      .str();
}

std::string coroutineStartsHere(llvm::StringRef Coroutine) {
  return (Twine("coroutine ") + Coroutine + " starts here").str();
}

std::string callsHereNote(llvm::StringRef Caller, llvm::StringRef Callee) {
  return (Twine(Caller) + " calls " + Callee + " here").str();
}

std::string blocksHereNote(llvm::StringRef Caller, llvm::StringRef Callee, llvm::StringRef Check) {
  return (Twine(Caller) + " calls '" + Callee + "' here, which blocks [" + Check + "]").str();
}

} // namespace corolint
