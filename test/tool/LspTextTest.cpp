//===- LspTextTest.cpp - Byte offsets, UTF-16 positions and file URIs -----===//
#include "LspText.h"
#include "gtest/gtest.h"

using namespace corolint::lsp;

namespace {

Position pos(unsigned Line, unsigned Character) { return {Line, Character}; }

TEST(LspTextTest, CountsUtf16CodeUnits) {
  // é: 2 bytes, 1 unit. 𝄞 (U+1D11E): 4 bytes, 2 units.
  std::string Text = "ab\n/* é𝄞 */ sleep(1);\n";
  EXPECT_EQ(offsetToPosition(Text, 0), pos(0, 0));
  EXPECT_EQ(offsetToPosition(Text, 2), pos(0, 2)); // the newline
  EXPECT_EQ(offsetToPosition(Text, 3), pos(1, 0));
  size_t Sleep = Text.find("sleep");
  EXPECT_EQ(Sleep, 3u + 3 + 2 + 4 + 4);
  EXPECT_EQ(offsetToPosition(Text, Sleep), pos(1, 3 + 1 + 2 + 4));
  EXPECT_EQ(positionToOffset(Text, pos(1, 10)), Sleep);
}

TEST(LspTextTest, OffsetsInsideACharacterAndPastTheEnd) {
  std::string Text = "x𝄞y";
  EXPECT_EQ(offsetToPosition(Text, 2), pos(0, 1)); // inside 𝄞: its start
  EXPECT_EQ(offsetToPosition(Text, 5), pos(0, 3));
  EXPECT_EQ(offsetToPosition(Text, 99), pos(0, 4));
  // A position between 𝄞's two units is before it.
  EXPECT_EQ(positionToOffset(Text, pos(0, 2)), 1u);
  EXPECT_EQ(positionToOffset(Text, pos(0, 3)), 5u);
}

TEST(LspTextTest, PositionsPastALineOrTheTextClamp) {
  std::string Text = "one\r\ntwo\nthree";
  EXPECT_EQ(positionToOffset(Text, pos(0, 99)), 4u); // before "\n" (the "\r" counts)
  EXPECT_EQ(positionToOffset(Text, pos(1, 1)), 6u);
  EXPECT_EQ(positionToOffset(Text, pos(2, 99)), Text.size());
  EXPECT_EQ(positionToOffset(Text, pos(7, 0)), Text.size());
}

TEST(LspTextTest, InvalidUtf8CountsAByteAsAUnit) {
  std::string Text = "a\xff\xc3z";
  EXPECT_EQ(offsetToPosition(Text, 3), pos(0, 3));
  EXPECT_EQ(positionToOffset(Text, pos(0, 3)), 3u);
}

TEST(LspTextTest, EveryCharacterBoundaryRoundTrips) {
  std::string Text = "é\n𝄞x\n\nд€😀 end";
  for (size_t I = 0; I <= Text.size(); ++I) {
    if (I < Text.size() && (static_cast<unsigned char>(Text[I]) & 0xC0) == 0x80)
      continue; // not a boundary
    EXPECT_EQ(positionToOffset(Text, offsetToPosition(Text, I)), I) << I;
  }
}

TEST(LspTextTest, AppliesChanges) {
  std::string Text = "int 𝄞x = 1;\nint y;\n";
  EXPECT_TRUE(applyChange(Text, Range{pos(0, 4), pos(0, 7)}, "z"));
  EXPECT_EQ(Text, "int z = 1;\nint y;\n");
  EXPECT_TRUE(applyChange(Text, Range{pos(1, 0), pos(1, 0)}, "long "));
  EXPECT_EQ(Text, "int z = 1;\nlong int y;\n");
  EXPECT_FALSE(applyChange(Text, Range{pos(1, 3), pos(0, 1)}, "x"));
  EXPECT_TRUE(applyChange(Text, std::nullopt, "all new"));
  EXPECT_EQ(Text, "all new");
}

TEST(LspTextTest, FileUris) {
  EXPECT_EQ(pathToUri("/tmp/a b/c++.cpp"), "file:///tmp/a%20b/c%2B%2B.cpp");
  EXPECT_EQ(uriToPath("file:///tmp/a%20b/c%2B%2B.cpp"), "/tmp/a b/c++.cpp");
  EXPECT_EQ(uriToPath("file:///tmp/a+b/%C3%A9.cpp"), "/tmp/a+b/é.cpp");
  EXPECT_EQ(uriToPath("file://localhost/x.cpp"), "/x.cpp");
  EXPECT_EQ(uriToPath("untitled:Untitled-1"), std::nullopt);
  EXPECT_EQ(uriToPath("file://host/x.cpp"), std::nullopt);
  EXPECT_EQ(uriToPath("file:///a%00b"), std::nullopt);
  EXPECT_EQ(uriToPath(pathToUri("/p/é 𝄞%.h")), "/p/é 𝄞%.h");
}

} // namespace
