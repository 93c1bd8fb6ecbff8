//===- FunctionDiscovery.cpp ----------------------------------------------===//
#include "FunctionDiscovery.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace corolint {

FunctionDiscovery::FunctionDiscovery(const TranslationUnitDecl &Unit, const SourceManager &SM)
    : SM(SM) {
  Frames.push_back({Unit.decls_begin(), Unit.decls_end()});
}

void FunctionDiscovery::addClass(const CXXRecordDecl &Class) {
  if (Class.isThisDeclarationADefinition() && SeenContexts.insert(&Class).second)
    addContext(Class);
}

void FunctionDiscovery::addContext(const DeclContext &DC) {
  Frames.push_back({DC.decls_begin(), DC.decls_end()});
}

void FunctionDiscovery::addFunction(const FunctionDecl *FD) {
  if (FD && FD->doesThisDeclarationHaveABody() && !FD->isInvalidDecl() &&
      SeenFunctions.insert(FD).second)
    Ready.push_back(FD);
}

void FunctionDiscovery::visit(const Decl &D) {
  if (D.isInvalidDecl() || SM.isInSystemHeader(D.getLocation()))
    return;
  if (const auto *FD = dyn_cast<FunctionDecl>(&D)) {
    addFunction(FD);
  } else if (const auto *FT = dyn_cast<FunctionTemplateDecl>(&D)) {
    addFunction(FT->getTemplatedDecl());
    // The instantiations live in one list per template: read it once.
    if (FT->isCanonicalDecl())
      for (const FunctionDecl *Spec : FT->specializations())
        addFunction(Spec);
  } else if (const auto *CT = dyn_cast<ClassTemplateDecl>(&D)) {
    addClass(*CT->getTemplatedDecl());
    // Explicit specializations are declarations of their own context too;
    // the seen set keeps them from being read twice.
    if (CT->isCanonicalDecl())
      for (const ClassTemplateSpecializationDecl *Spec : CT->specializations())
        addClass(*Spec);
  } else if (const auto *RD = dyn_cast<CXXRecordDecl>(&D)) {
    // Classes, their explicit and partial specializations, and the closure
    // types of lambdas written outside any function (variable and member
    // initializers).
    addClass(*RD);
  } else if (isa<NamespaceDecl>(D) || isa<LinkageSpecDecl>(D) || isa<ExportDecl>(D)) {
    addContext(*cast<DeclContext>(&D));
  } else if (const auto *Friend = dyn_cast<FriendDecl>(&D)) {
    // A friend function defined in its class is declared nowhere else.
    if (const NamedDecl *Befriended = Friend->getFriendDecl())
      visit(*Befriended);
  }
}

const FunctionDecl *FunctionDiscovery::next() {
  while (true) {
    if (ReadyHead < Ready.size())
      return Ready[ReadyHead++];
    Ready.clear();
    ReadyHead = 0;
    if (Frames.empty())
      return nullptr;
    Frame &Top = Frames.back();
    if (Top.It == Top.End) {
      Frames.pop_back();
      continue;
    }
    const Decl *D = *Top.It;
    ++Top.It;
    visit(*D); // may push a frame: Top is not used after this
  }
}

} // namespace corolint
