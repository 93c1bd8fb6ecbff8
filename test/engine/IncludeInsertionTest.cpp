// Where a fix's #include goes (includeInsertion), on a file's text alone:
// after the last include of the preamble in the fewest #if blocks (so inside
// a header's guard, outside other #if blocks), never after code or in a
// comment, in the file's quote style for corio, and not at all when the
// header (or corio/corio.hpp) is already there.
#include "FixIts.h"

#include "clang/Basic/SourceManager.h"
#include <gtest/gtest.h>

using namespace clang;
using namespace corolint;

namespace {

/// Code with `#include Header` added where includeInsertion puts it, or
/// "(not added)".
std::string withInclude(llvm::StringRef Code, llvm::StringRef Header) {
  SourceManagerForFile Files("input.cpp", Code);
  const SourceManager &SM = Files.get();
  std::optional<TextEdit> Edit = includeInsertion(SM.getMainFileID(), Header, SM);
  if (!Edit)
    return "(not added)";
  EXPECT_EQ(Edit->Range.getBegin(), Edit->Range.getEnd()); // an insertion
  std::string Out = Code.str();
  Out.insert(SM.getFileOffset(Edit->Range.getBegin()), Edit->Text);
  return Out;
}

TEST(IncludeInsertion, AfterTheLastIncludeInTheFewestIfBlocks) {
  EXPECT_EQ(withInclude("#include <a.h>\n#ifdef X\n#include <b.h>\n#endif\n#include <c.h>\n"
                        "int f();\n",
                        "<corio/sleep.hpp>"),
            "#include <a.h>\n#ifdef X\n#include <b.h>\n#endif\n#include <c.h>\n"
            "#include <corio/sleep.hpp>\nint f();\n");
  EXPECT_EQ(withInclude("#include <a.h>\n#ifdef X\n#include <b.h>\n#endif\nint f();\n",
                        "<corio/sleep.hpp>"),
            "#include <a.h>\n#include <corio/sleep.hpp>\n#ifdef X\n#include <b.h>\n#endif\n"
            "int f();\n");
}

TEST(IncludeInsertion, InsideAHeadersGuard) {
  EXPECT_EQ(
      withInclude("#ifndef H\n#define H\n#include <a.h>\nint f();\n#endif\n", "<corio/sleep.hpp>"),
      "#ifndef H\n#define H\n#include <a.h>\n#include <corio/sleep.hpp>\nint f();\n"
      "#endif\n");
}

TEST(IncludeInsertion, NeverAfterCodeNorFromAComment) {
  EXPECT_EQ(withInclude("#include <a.h>\nint f();\n#include <b.h>\n", "<corio/sleep.hpp>"),
            "#include <a.h>\n#include <corio/sleep.hpp>\nint f();\n#include <b.h>\n");
  EXPECT_EQ(withInclude("/*\n#include <corio/sleep.hpp>\n*/\nint f();\n", "<corio/sleep.hpp>"),
            "#include <corio/sleep.hpp>\n/*\n#include <corio/sleep.hpp>\n*/\nint f();\n");
}

TEST(IncludeInsertion, AtTheEndOfAFileWithoutANewline) {
  EXPECT_EQ(withInclude("#include <a.h>", "<corio/sleep.hpp>"),
            "#include <a.h>\n#include <corio/sleep.hpp>\n");
}

TEST(IncludeInsertion, FollowsTheFilesQuoteStyleForCorio) {
  EXPECT_EQ(withInclude("#include <a.h>\n#include \"corio/task.hpp\"\n", "<corio/sleep.hpp>"),
            "#include <a.h>\n#include \"corio/task.hpp\"\n#include \"corio/sleep.hpp\"\n");
  EXPECT_EQ(withInclude("#include \"a.h\"\n", "<corio/sleep.hpp>"),
            "#include \"a.h\"\n#include <corio/sleep.hpp>\n");
}

TEST(IncludeInsertion, NotAddedWhenThereInEitherQuoteStyleOrThroughCorioHpp) {
  EXPECT_EQ(withInclude("#include \"corio/sleep.hpp\"\n", "<corio/sleep.hpp>"), "(not added)");
  EXPECT_EQ(withInclude("#include <corio/corio.hpp>\n", "<corio/sleep.hpp>"), "(not added)");
  EXPECT_EQ(withInclude("#include <a.h>\n", ""), "(not added)");
}

} // namespace
