//===- LlvmCompat.h - Every difference between the supported LLVM majors --===//
//
// corolint builds from one source against LLVM 16, 19 and 22. This header is
// the only place that tests LLVM_VERSION_MAJOR: the engine, the module and
// the command call the shims below and read as if there were one LLVM. Each
// shim says which major lets it go (the way libc++ tags its TODO(LLVM NN)):
// when the oldest supported major reaches NN, delete the shim and inline its
// newer branch at the callers.
//
// Read each major's headers in /usr/lib/llvm-N/include before adding one.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_LLVMCOMPAT_H
#define COROLINT_ENGINE_LLVMCOMPAT_H

#include "clang/AST/Decl.h"
#include "clang/AST/Type.h"
#include "llvm/Config/llvm-config.h"

namespace corolint::compat {

/// The function effect attributes [[clang::blocking]] and
/// [[clang::nonblocking]] on a declaration or a function type.
enum class Effect { Blocking, NonBlocking };

// LLVM 19: drop when the oldest supported major is >= 19.
// Function effects (FunctionEffect, getFunctionEffects) arrived in Clang 19;
// Clang 16 ignores the attributes as unknown, so nothing carries an effect.
#if LLVM_VERSION_MAJOR >= 19
inline clang::FunctionEffect::Kind effectKind(Effect E) {
  return E == Effect::Blocking ? clang::FunctionEffect::Kind::Blocking
                               : clang::FunctionEffect::Kind::NonBlocking;
}
template <typename Effects> bool hasEffect(const Effects &All, Effect E) {
  for (const clang::FunctionEffectWithCondition &Each : All)
    if (Each.Effect.kind() == effectKind(E))
      return true;
  return false;
}
inline bool hasEffect(const clang::FunctionDecl &FD, Effect E) {
  return hasEffect(FD.getFunctionEffects(), E);
}
inline bool hasEffect(const clang::FunctionProtoType &T, Effect E) {
  return hasEffect(T.getFunctionEffects(), E);
}
#else
inline bool hasEffect(const clang::FunctionDecl &, Effect) { return false; }
inline bool hasEffect(const clang::FunctionProtoType &, Effect) { return false; }
#endif

// LLVM 18: drop when the oldest supported major is >= 18.
// FunctionDecl::isPure was renamed isPureVirtual in Clang 18.
inline bool isPureVirtual(const clang::FunctionDecl &FD) {
#if LLVM_VERSION_MAJOR >= 18
  return FD.isPureVirtual();
#else
  return FD.isPure();
#endif
}

} // namespace corolint::compat

// LLVM 22: drop when the oldest supported major is >= 22 (then include
// clang-tidy/ClangTidyModule.h alone). ClangTidyModuleRegistry.h is
// deprecated in 22 (a #warning; removed in 24): its registry moved into
// ClangTidyModule.h. Used by the module as #include COROLINT_TIDY_REGISTRY_H.
#if LLVM_VERSION_MAJOR >= 22
#define COROLINT_TIDY_REGISTRY_H "clang-tidy/ClangTidyModule.h"
#else
#define COROLINT_TIDY_REGISTRY_H "clang-tidy/ClangTidyModuleRegistry.h"
#endif

#endif // COROLINT_ENGINE_LLVMCOMPAT_H
