// NOLINT comments as the command and the language server apply them.
#include "Suppressions.h"
#include <gtest/gtest.h>

using corolint::dropSuppressed;
using corolint::Finding;
using corolint::isSuppressed;

namespace {

constexpr const char *Sleep = "corolint-blocking-sleep";

TEST(Suppressions, SameLineBareOrListed) {
  EXPECT_TRUE(isSuppressed("sleep(1); // NOLINT\n", 1, Sleep));
  EXPECT_TRUE(isSuppressed("sleep(1); // NOLINT(corolint-blocking-sleep)\n", 1, Sleep));
  EXPECT_TRUE(isSuppressed("sleep(1); // NOLINT(bugprone-*, corolint-blocking-*)\n", 1, Sleep));
  EXPECT_FALSE(isSuppressed("sleep(1); // NOLINT(corolint-blocking-file)\n", 1, Sleep));
  EXPECT_FALSE(isSuppressed("sleep(1); // NOLINT()\n", 1, Sleep));
  EXPECT_FALSE(isSuppressed("sleep(1);\n// NOLINT\n", 1, Sleep));
  EXPECT_FALSE(isSuppressed("sleep(1); // NOLINT(corolint-blocking-sleep\n", 1, Sleep));
}

TEST(Suppressions, NextLineOnlyCoversTheLineBelow) {
  const char *Code = "// NOLINTNEXTLINE(corolint-*)\nsleep(1);\nsleep(2);\n";
  EXPECT_TRUE(isSuppressed(Code, 2, Sleep));
  EXPECT_FALSE(isSuppressed(Code, 3, Sleep));
  EXPECT_FALSE(isSuppressed(Code, 1, Sleep)) << "NOLINTNEXTLINE is not NOLINT";
}

TEST(Suppressions, BeginEndRegionsMatchTheirLists) {
  const char *Code = "a\n"
                     "// NOLINTBEGIN(corolint-blocking-sleep)\n"
                     "sleep(1);\n"
                     "// NOLINTBEGIN\n"
                     "sleep(2);\n"
                     "// NOLINTEND\n"
                     "sleep(3);\n"
                     "// NOLINTEND(corolint-blocking-sleep)\n"
                     "sleep(4);\n";
  EXPECT_FALSE(isSuppressed(Code, 1, Sleep));
  EXPECT_TRUE(isSuppressed(Code, 3, Sleep));
  EXPECT_TRUE(isSuppressed(Code, 5, "corolint-blocking-file"));
  EXPECT_FALSE(isSuppressed(Code, 7, "corolint-blocking-file")) << "the bare region ended";
  EXPECT_TRUE(isSuppressed(Code, 7, Sleep));
  EXPECT_FALSE(isSuppressed(Code, 9, Sleep));
}

TEST(Suppressions, DropsOnlySuppressedFindingsAndKeepsUnreadableFiles) {
  std::string A = "x\nsleep(1); // NOLINT\nsleep(2);\n";
  auto At = [](const char *File, unsigned Line) {
    Finding F;
    F.Check = Sleep;
    F.At.File = File;
    F.At.Line = Line;
    return F;
  };
  std::vector<Finding> Findings{At("a.cpp", 2), At("a.cpp", 3), At("gone.cpp", 2)};
  size_t Dropped = dropSuppressed(Findings, [&](llvm::StringRef File) -> const std::string * {
    return File == "a.cpp" ? &A : nullptr;
  });
  EXPECT_EQ(Dropped, 1u);
  ASSERT_EQ(Findings.size(), 2u);
  EXPECT_EQ(Findings[0].At.Line, 3u);
  EXPECT_EQ(Findings[1].At.File, "gone.cpp");
}

} // namespace
