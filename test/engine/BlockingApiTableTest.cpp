// The table of blocking APIs is data: check it is well-formed and that the
// docs list every entry (the docs cannot fall behind the table).
#include "BlockingApi.h"
#include "llvm/ADT/StringSet.h"
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace corolint;

TEST(BlockingApiTable, CategoriesRoundTrip) {
  for (unsigned I = 0; I < NumCategories; ++I) {
    auto C = static_cast<Category>(I);
    EXPECT_EQ(parseCategory(categoryName(C)), C);
  }
  EXPECT_EQ(parseCategory("nope"), std::nullopt);
}

TEST(BlockingApiTable, EveryTableCategoryHasEntriesAndNoDuplicates) {
  unsigned Count[NumCategories] = {};
  llvm::StringSet<> Seen;
  for (const BlockingApi &Api : blockingApiTable()) {
    ++Count[static_cast<unsigned>(Api.TheCategory)];
    EXPECT_TRUE(Seen.insert(Api.Name).second) << "duplicate entry " << Api.Name;
    EXPECT_FALSE(llvm::StringRef(Api.Name).starts_with("::")) << Api.Name;
  }
  for (unsigned I = 0; I < NumCategories; ++I) {
    if (static_cast<Category>(I) != Category::Call) {
      EXPECT_GT(Count[I], 0u) << categoryName(static_cast<Category>(I)).str();
    }
  }
}

TEST(BlockingApiTable, DocsListEveryEntry) {
  for (const BlockingApi &Api : blockingApiTable()) {
    // Console input is also routed from the file entries by their stream.
    std::string Path =
        std::string(COROLINT_DOCS_DIR) + "/blocking-" + categoryName(Api.TheCategory).str() + ".md";
    std::ifstream In(Path);
    ASSERT_TRUE(In) << "missing " << Path;
    std::stringstream Text;
    Text << In.rdbuf();
    std::string Name = Api.Name;
    if (auto P = Name.find("{asio}"); P != std::string::npos)
      Name.replace(P, 6, "asio");
    EXPECT_NE(Text.str().find("`" + Name + "`"), std::string::npos)
        << Path << " does not list `" << Name << "`";
  }
}
