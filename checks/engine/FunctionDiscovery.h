//===- FunctionDiscovery.h - The functions a scan walks ---------*- C++ -*-===//
//
// Hands out every function of a unit whose body the scan walks, each once,
// without walking any body itself: declarations are reached through their
// contexts (namespaces, classes, templates and their instantiations), and the
// classes written inside bodies (lambdas, local classes) are handed back by
// the body walk that meets them. Each function is given out as soon as it is
// found, so its body is walked while the declarations around it are still in
// the cache, and nothing is walked twice.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_FUNCTIONDISCOVERY_H
#define COROLINT_ENGINE_FUNCTIONDISCOVERY_H

#include "clang/AST/DeclBase.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang {
class CXXRecordDecl;
class FunctionDecl;
class SourceManager;
} // namespace clang

namespace corolint {

class FunctionDiscovery {
public:
  /// Starts at the whole unit. Declarations in system headers are skipped
  /// (the table of blocking APIs speaks for the library).
  FunctionDiscovery(const clang::TranslationUnitDecl &Unit, const clang::SourceManager &SM);

  /// A class met inside a body being walked (a lambda's closure type, a
  /// local class): its functions are given out next.
  void addClass(const clang::CXXRecordDecl &Class);

  /// The next function with a body (patterns of templates, their
  /// instantiations, lambdas' call operators, implicit members that were
  /// defined), or null when there is none left.
  const clang::FunctionDecl *next();

private:
  void visit(const clang::Decl &D);
  void addFunction(const clang::FunctionDecl *FD);
  void addContext(const clang::DeclContext &DC);

  const clang::SourceManager &SM;
  /// Contexts being read, innermost last, each with the next declaration.
  struct Frame {
    clang::DeclContext::decl_iterator It, End;
  };
  llvm::SmallVector<Frame, 16> Frames;
  /// Found and not yet given out (a template's instantiations come at once).
  llvm::SmallVector<const clang::FunctionDecl *, 16> Ready;
  size_t ReadyHead = 0;
  llvm::DenseSet<const clang::FunctionDecl *> SeenFunctions;
  llvm::DenseSet<const clang::DeclContext *> SeenContexts;
};

} // namespace corolint

#endif
