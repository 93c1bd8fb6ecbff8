//===- BaselineTest.cpp - Baseline keys survive unrelated edits -----------===//
#include "Baseline.h"
#include "llvm/Support/FileSystem.h"
#include "gtest/gtest.h"
#include <fstream>

using namespace corolint;
using namespace corolint::tool;

namespace {

Finding at(const std::string &File, unsigned Offset, const std::string &Callee = "'sleep'") {
  Finding F;
  F.Check = "corolint-blocking-sleep";
  F.At.File = File;
  F.At.Offset = Offset;
  F.Coroutine = "'nap'";
  F.Callee = Callee;
  return F;
}

TEST(BaselineTest, NormalizesWhitespace) {
  EXPECT_EQ(normalizeLine("  sleep(1);\t // x  "), "sleep(1); // x");
  EXPECT_EQ(normalizeLine(""), "");
}

TEST(BaselineTest, KeysIgnoreLineNumbersButCountOccurrences) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("corolint-baseline", Dir));
  std::string Root(Dir), File = Root + "/a.cpp";
  std::ofstream(File) << "x\n  sleep(1);\n  sleep(1);\n";
  SourceFiles Before;
  auto Old = baselineKeys({at(File, 4), at(File, 16)}, Root, Before);
  EXPECT_NE(Old[0], Old[1]); // same line text, second occurrence

  std::ofstream(File) << "// new\n// lines\nx\n    sleep(1);\n  sleep(1);\n";
  SourceFiles After;
  auto New = baselineKeys({at(File, 22), at(File, 36)}, Root, After);
  EXPECT_EQ(Old, New);

  std::multiset<std::string> Baseline(Old.begin(), Old.end());
  SourceFiles Third;
  std::ofstream(File) << "x\n  sleep(1);\n  sleep(1);\n  sleep(1);\n";
  auto Kept = withoutBaseline({at(File, 4), at(File, 16), at(File, 28)}, Baseline, Root, Third);
  ASSERT_EQ(Kept.size(), 1u);
  EXPECT_EQ(Kept[0].At.Offset, 28u);
  llvm::sys::fs::remove_directories(Root);
}

} // namespace
