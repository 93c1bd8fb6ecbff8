//===- CorolintTidyModule.cpp - The corolint clang-tidy module ------------===//
//
// Loaded through libcorolint-tidy-N.so (ModuleLoader.cpp), which checks the
// host's major first: `clang-tidy-19 -load=libcorolint-tidy-19.so -checks='-*,corolint-*'`.
// Registers one check per category of the table of blocking APIs.
//
//===----------------------------------------------------------------------===//
#include "BlockingApi.h"
#include "BlockingCallCheck.h"
#include "BlockingTransitiveCheck.h"
#include "BlockingClosure.h"
#include "CoroutineAnalysis.h"
#include "LlvmCompat.h"
#include "clang-tidy/ClangTidyModule.h"
#include COROLINT_TIDY_REGISTRY_H

namespace corolint::tidy {
namespace {

class CorolintModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories &Factories) override {
    // Registered alphabetically by check name.
    static constexpr Category Sorted[] = {
        Category::Call,    Category::Console, Category::Dns,
        Category::File,    Category::Http,    Category::Process,
        Category::Sleep,   Category::Socket,  Category::Sync};
    static_assert(std::size(Sorted) == NumCategories);
    for (Category C : Sorted)
      Factories.registerCheckFactory(
          checkName(C), [C](llvm::StringRef Name, clang::tidy::ClangTidyContext *Ctx) {
            return std::make_unique<BlockingCallCheck>(Name, Ctx, C);
          });
    Factories.registerCheck<BlockingTransitiveCheck>(TransitiveCheckName);
  }
};

} // namespace
} // namespace corolint::tidy

static clang::tidy::ClangTidyModuleRegistry::Add<corolint::tidy::CorolintModule>
    X("corolint-module", "Blocking calls inside C++20 coroutines.");
