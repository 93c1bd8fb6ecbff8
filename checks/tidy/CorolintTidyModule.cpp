//===- CorolintTidyModule.cpp - The corolint clang-tidy module ------------===//
//
// Loaded through libcorolint-tidy-N.so (ModuleLoader.cpp), which checks the
// host's major first: `clang-tidy-19 -load=libcorolint-tidy-19.so -checks='-*,corolint-*'`.
// Registers the checks of Checks.def: one per category of blocking calls
// and the transitive check.
//
//===----------------------------------------------------------------------===//
#include "BlockingCallCheck.h"
#include "BlockingTransitiveCheck.h"
#include "Checks.h"
#include "LlvmCompat.h"
#include "clang-tidy/ClangTidyModule.h"
#include "llvm/ADT/STLExtras.h"
#include <vector>
#include COROLINT_TIDY_REGISTRY_H

namespace corolint::tidy {
namespace {

class CorolintModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories &Factories) override {
    // Registered alphabetically by check name, as upstream's modules are
    // (Checks.def keeps the categories in the enum's order).
    std::vector<unsigned> Sorted; // indices into allChecks()
    for (unsigned I = 0; I < allChecks().size(); ++I)
      Sorted.push_back(I);
    llvm::sort(Sorted, [](unsigned A, unsigned B) {
      return llvm::StringRef(allChecks()[A].CheckName) < allChecks()[B].CheckName;
    });
    for (unsigned I : Sorted) {
      if (I == NumCategories) {
        Factories.registerCheck<BlockingTransitiveCheck>(TransitiveCheckName);
        continue;
      }
      auto C = static_cast<Category>(I);
      Factories.registerCheckFactory(checkInfo(C).CheckName,
                                     [C](llvm::StringRef Name, clang::tidy::ClangTidyContext *Ctx) {
                                       return std::make_unique<BlockingCallCheck>(Name, Ctx, C);
                                     });
    }
  }
};

} // namespace
} // namespace corolint::tidy

static clang::tidy::ClangTidyModuleRegistry::Add<corolint::tidy::CorolintModule>
    X("corolint-module", "Blocking calls inside C++20 coroutines.");
