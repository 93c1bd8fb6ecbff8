//===- Wording.h - Every sentence a finding says ----------------*- C++ -*-===//
//
// The messages and notes of the ten checks, written once: the module, the
// command, SARIF and the language server all show these strings, so that
// one coroutine is named and one problem is worded the same everywhere.
// Names come in already quoted ("'fetch'") or as "lambda".
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_WORDING_H
#define COROLINT_ENGINE_WORDING_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace corolint {

/// A direct finding: "blocking call to 'sleep' in coroutine 'fetch' stalls
/// its event loop; use 'co_await corio::sleep_for(...)'" (no "; use" part
/// when there is no suggestion). \p Callee is unquoted.
std::string blockingCallMessage(llvm::StringRef Callee, llvm::StringRef Coroutine,
                                llvm::StringRef Suggestion);

/// A finding through helpers, worded as a direct one: "blocking call to
/// 'load' in coroutine 'fetch' stalls its event loop: 'load' calls 'fread'".
/// \p Chain is the "calls" sentence.
std::string transitiveCallMessage(llvm::StringRef Helper, llvm::StringRef Coroutine,
                                  llvm::StringRef Chain);

/// The note every finding has first: "coroutine 'fetch' starts here".
std::string coroutineStartsHere(llvm::StringRef Coroutine);

/// A step of a chain: "'load' calls 'read_all' here".
std::string callsHereNote(llvm::StringRef Caller, llvm::StringRef Callee);

/// The chain's last step: "'read_all' calls 'fread' here, which blocks
/// [corolint-blocking-file]". \p Callee is unquoted.
std::string blocksHereNote(llvm::StringRef Caller, llvm::StringRef Callee, llvm::StringRef Check);

} // namespace corolint

#endif
