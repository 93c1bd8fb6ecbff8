// The JSON encoding that the cache and the JSON printer share: what goes in
// comes back byte for byte, text that is not UTF-8 included (a fix copies
// the user's source, which may hold a Latin-1 string literal).
#include "Serialization.h"

#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>

using namespace corolint;

namespace {

/// Through text, as the cache stores it.
Finding roundTrip(const Finding &F, std::string &Text) {
  Text.clear();
  llvm::raw_string_ostream(Text) << toJSON(F);
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  EXPECT_TRUE(static_cast<bool>(V)) << llvm::toString(V.takeError());
  Finding Back;
  llvm::json::Path::Root Root;
  EXPECT_TRUE(V && fromJSON(*V, Back, Root));
  return Back;
}

Finding withFix(const std::string &File, const std::string &Text) {
  Finding F;
  F.Check = "corolint-blocking-process";
  F.At = {File, 4, 12, 70};
  F.Message = "blocking call to 'system'";
  F.Fix = {{File, 70, 21, Text}};
  return F;
}

// Found by the engine fuzzer: a fix read back from the cache had U+FFFD
// where the source had byte 0xE9, and `corolint --fix` wrote that.
TEST(Serialization, TextThatIsNotUtf8ComesBackByteForByte) {
  Finding F = withFix("/src/caf\xe9.cpp", "co_await corio::system(\"caf\xe9 -j2\")");
  std::string Text;
  Finding Back = roundTrip(F, Text);
  ASSERT_EQ(Back.Fix.size(), 1u);
  EXPECT_EQ(Back.Fix[0].Text, F.Fix[0].Text);
  EXPECT_EQ(Back.Fix[0].File, F.Fix[0].File);
  EXPECT_EQ(Back.At.File, F.At.File);
  EXPECT_NE(Text.find("\"textBytes\""), std::string::npos) << Text;
}

TEST(Serialization, Utf8TextIsWrittenAsItIs) {
  Finding F = withFix("/src/caf\xc3\xa9.cpp", "co_await corio::system(\"caf\xc3\xa9\")");
  std::string Text;
  Finding Back = roundTrip(F, Text);
  ASSERT_EQ(Back.Fix.size(), 1u);
  EXPECT_EQ(Back.Fix[0].Text, F.Fix[0].Text);
  EXPECT_EQ(Back.At.File, F.At.File);
  EXPECT_EQ(Text.find("Bytes\""), std::string::npos) << Text;
}

} // namespace
