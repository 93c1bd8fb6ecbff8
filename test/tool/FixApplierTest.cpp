//===- FixApplierTest.cpp - Fixes: all or nothing, per file, under the root ===//
#include "FixApplier.h"
#include "SourceFiles.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "gtest/gtest.h"
#include <fstream>
#include <sys/stat.h>

using namespace corolint;
using namespace corolint::tool;

namespace {

class FixApplierTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> Dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("corolint-fix", Dir));
    llvm::SmallString<128> Real;
    ASSERT_FALSE(llvm::sys::fs::real_path(Dir, Real));
    Root = std::string(Real);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Root); }

  std::string write(const std::string &Name, const std::string &Text) {
    std::string Path = Root + "/" + Name;
    std::ofstream(Path) << Text;
    return Path;
  }
  static std::string read(const std::string &Path) {
    auto B = llvm::MemoryBuffer::getFile(Path);
    return B ? (*B)->getBuffer().str() : "<unreadable>";
  }
  static Finding fixOf(std::vector<Edit> Edits) {
    Finding F;
    F.Check = "corolint-blocking-sleep";
    F.Fix = std::move(Edits);
    return F;
  }
  std::vector<std::string> filesInRoot() {
    std::vector<std::string> Names;
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator I(Root, EC), E; I != E && !EC; I.increment(EC))
      Names.push_back(llvm::sys::path::filename(I->path()).str());
    std::sort(Names.begin(), Names.end());
    return Names;
  }
  std::string Root;
  llvm::StringMap<std::string> NoHashes;
};

TEST_F(FixApplierTest, AppliesEditsAndMergesIdenticalIncludes) {
  std::string A = write("a.cpp", "#include <x>\nsleep(1);\nsleep(2);\n");
  std::vector<Finding> Fs = {fixOf({{A, 13, 0, "#include <s>\n"}, {A, 13, 8, "co_await s(1)"}}),
                             fixOf({{A, 13, 0, "#include <s>\n"}, {A, 23, 8, "co_await s(2)"}})};
  FixOutcome O = applyFixes(Fs, Root, NoHashes);
  EXPECT_EQ(O.Applied, (std::vector<bool>{true, true}));
  EXPECT_TRUE(O.Problems.empty());
  EXPECT_EQ(read(A), "#include <x>\n#include <s>\nco_await s(1);\nco_await s(2);\n");
}

// Of two fixes that overlap, the later is skipped and said so: the file's
// other fixes are applied (once, one overlap refused the whole file, an
// unrelated sleep fix with it, on every run). A skipped fix is all or
// nothing: its edit in another file is not made either.
TEST_F(FixApplierTest, AnOverlappingFixIsSkippedAndTheOthersApplied) {
  std::string A = write("a.cpp", "send(recv());\nsleep(1);\n");
  std::string B = write("b.h", "int x;\n");
  std::string C = write("c.cpp", "usleep(5);\n");
  Finding Send = fixOf({{A, 0, 12, "co_await send(recv())"}});
  Send.Callee = "send";
  Send.At = {A, 1, 1, 0};
  Finding Recv = fixOf({{A, 5, 6, "co_await recv()"}, {B, 0, 0, "// b\n"}});
  Recv.Callee = "recv";
  Recv.At = {A, 1, 6, 5};
  std::vector<Finding> Fs = {Send, Recv, fixOf({{A, 14, 8, "co_await one"}}),
                             fixOf({{C, 0, 9, "co_await two"}})};
  FixOutcome O = applyFixes(Fs, Root, NoHashes);
  EXPECT_EQ(O.Applied, (std::vector<bool>{true, false, true, true}));
  ASSERT_EQ(O.Problems.size(), 1u);
  EXPECT_EQ(O.Problems[0], A + ":1:6: the fix for 'recv' is not applied: it overlaps the fix for "
                               "'send' at 1:1 (run --fix again)");
  EXPECT_EQ(read(A), "co_await send(recv());\nco_await one;\n");
  EXPECT_EQ(read(B), "int x;\n"); // the skipped fix is all or nothing
  EXPECT_EQ(read(C), "co_await two;\n");
}

// Insertions may touch a replacement's ends, and two insertions at one place
// are both made, in finding order; one inside a replacement overlaps it.
TEST_F(FixApplierTest, InsertionsOverlapOnlyInsideAReplacement) {
  std::string A = write("a.cpp", "sleep(1);\n");
  std::vector<Finding> Fs = {fixOf({{A, 0, 8, "co_await x"}}), fixOf({{A, 0, 0, "/*a*/"}}),
                             fixOf({{A, 8, 0, "/*b*/"}}), fixOf({{A, 0, 0, "/*c*/"}}),
                             fixOf({{A, 3, 0, "/*d*/"}})};
  FixOutcome O = applyFixes(Fs, Root, NoHashes);
  EXPECT_EQ(O.Applied, (std::vector<bool>{true, true, true, true, false}));
  EXPECT_EQ(read(A), "/*a*//*c*/co_await x/*b*/;\n");
}

TEST_F(FixApplierTest, NeverWritesOutsideTheRoot) {
  std::string Inside = write("in.cpp", "sleep(1);\n");
  llvm::SmallString<128> OtherDir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("corolint-outside", OtherDir));
  std::string Outside = std::string(OtherDir) + "/out.h";
  std::ofstream(Outside) << "sleep(1);\n";
  std::vector<Finding> Fs = {fixOf({{Inside, 0, 8, "co_await x"}, {Outside, 0, 8, "co_await x"}}),
                             fixOf({{Outside, 0, 8, "co_await y"}})};
  FixOutcome O = applyFixes(Fs, Root, NoHashes);
  EXPECT_EQ(O.Applied, (std::vector<bool>{false, false}));
  EXPECT_EQ(read(Inside), "sleep(1);\n");
  EXPECT_EQ(read(Outside), "sleep(1);\n");
  llvm::sys::fs::remove_directories(OtherDir);
  // A sibling whose name starts with the root's is not under it.
  EXPECT_FALSE(relativeTo(Root + "x/a.cpp", Root));
  EXPECT_EQ(relativeTo(Root + "/d/a.cpp", Root).value_or(""), "d/a.cpp");
}

// An edit whose offset plus length wraps around 32 bits (a length computed
// across two files once did) is past the end, not before it.
TEST_F(FixApplierTest, RefusesAnEditWhoseEndWrapsAround) {
  std::string A = write("a.cpp", "  sleep(1);\n");
  FixOutcome O = applyFixes({fixOf({{A, 2, 4294967295u, "co_await x"}})}, Root, NoHashes);
  EXPECT_EQ(O.Applied, std::vector<bool>{false});
  ASSERT_EQ(O.Problems.size(), 1u);
  EXPECT_NE(O.Problems[0].find("past its end"), std::string::npos) << O.Problems[0];
  EXPECT_EQ(read(A), "  sleep(1);\n");
}

TEST_F(FixApplierTest, KeepsModeAndLeavesNoTemporaryFile) {
  std::string A = write("a.cpp", "sleep(1);\n");
  ASSERT_EQ(::chmod(A.c_str(), 0751), 0);
  FixOutcome O = applyFixes({fixOf({{A, 0, 8, "co_await x"}})}, Root, NoHashes);
  EXPECT_EQ(O.ChangedFiles, std::vector<std::string>{A});
  struct stat St;
  ASSERT_EQ(::stat(A.c_str(), &St), 0);
  EXPECT_EQ(St.st_mode & 07777, 0751u);
  EXPECT_EQ(filesInRoot(), std::vector<std::string>{"a.cpp"});
}

TEST_F(FixApplierTest, RefusesAFileChangedSinceItWasAnalysed) {
  std::string A = write("a.cpp", "sleep(1);\n");
  llvm::StringMap<std::string> Hashes;
  Hashes[A] = contentHash("// older\nsleep(1);\n");
  FixOutcome O = applyFixes({fixOf({{A, 0, 8, "co_await x"}})}, Root, Hashes);
  EXPECT_EQ(O.Applied, std::vector<bool>{false});
  EXPECT_EQ(read(A), "sleep(1);\n");
  Hashes[A] = contentHash("sleep(1);\n");
  O = applyFixes({fixOf({{A, 0, 8, "co_await x"}})}, Root, Hashes);
  EXPECT_EQ(O.Applied, std::vector<bool>{true});
}

TEST_F(FixApplierTest, AFailedWriteIsReported) {
  std::string A = write("a.cpp", "sleep(1);\n");
  ASSERT_EQ(::chmod(Root.c_str(), 0500), 0); // no temporary file can be made
  if (::access((Root + "/probe").c_str(), F_OK) == 0 || ::geteuid() == 0) {
    ::chmod(Root.c_str(), 0700);
    GTEST_SKIP() << "running as root: directory permissions are not enforced";
  }
  FixOutcome O = applyFixes({fixOf({{A, 0, 8, "co_await x"}})}, Root, NoHashes);
  ::chmod(Root.c_str(), 0700);
  EXPECT_TRUE(O.WriteFailed);
  EXPECT_EQ(read(A), "sleep(1);\n");
}

} // namespace
