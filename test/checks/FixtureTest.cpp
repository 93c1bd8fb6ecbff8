// Runs clang-tidy-N (16, 19 or 22: the major this build is for) with the
// corolint module on each fixture and compares
// its diagnostics with the fixture's expectations, written next to the code
// in upstream clang-tidy's form:
//
//   sleep(1);
//   // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' ...
//
// An expectation that holds only for some majors says so:
//   // CHECK-MESSAGES[LLVM>=19]: ...   (also LLVM<N, LLVM==N)
//
// The expected text must occur in the actual message; every warning printed
// must be expected, so the negative block at the end of a fixture fails the
// test if anything in it is reported. Optional header lines:
//   // CHECKS: corolint-blocking-sleep,corolint-blocking-file   (default: all)
//   // CONFIG: {CheckOptions: {...}}                           (--config)
//   // ARGS: -std=c++17                                        (compiler args)
#include "Checks.h"
#include "Options.h"
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Diagnostic {
  int Line = 0;
  int Column = 0;
  std::string Severity;
  std::string Message;
};

struct Fixture {
  std::vector<Diagnostic> Expected;
  std::vector<std::string> ExpectedFixes; // lines of the fixed file, in order
  std::string Checks = "-*,corolint-*";
  std::string Config;
  std::string Args = "-std=c++20";
};

/// A version-keyed expectation, `CHECK-MESSAGES[LLVM>=19]: ...`, holds only
/// under the clang-tidy majors its condition names (one expectation with a
/// variant, not a copy of the fixture per major).
bool holdsForThisLlvm(const std::string &Op, int Major) {
  if (Op == ">=")
    return COROLINT_LLVM_MAJOR >= Major;
  if (Op == "<")
    return COROLINT_LLVM_MAJOR < Major;
  return COROLINT_LLVM_MAJOR == Major;
}

Fixture parseFixture(const fs::path &File) {
  Fixture F;
  std::ifstream In(File);
  std::string Text;
  static const std::regex Expect(
      R"(CHECK-MESSAGES(\[LLVM(>=|<|==)(\d+)\])?: :\[\[@LINE([+-]\d+)?\]\]:(\d+): (warning|note): (.*)$)");
  for (int LineNo = 1; std::getline(In, Text); ++LineNo) {
    std::smatch M;
    if (std::regex_search(Text, M, Expect)) {
      if (M[1].matched && !holdsForThisLlvm(M[2].str(), std::stoi(M[3].str())))
        continue;
      Diagnostic D;
      D.Line = LineNo + (M[4].matched ? std::stoi(M[4].str()) : 0);
      D.Column = std::stoi(M[5].str());
      D.Severity = M[6].str();
      D.Message = M[7].str();
      F.Expected.push_back(D);
    } else if (auto F1 = Text.find("// CHECK-FIXES: "); F1 != std::string::npos) {
      F.ExpectedFixes.push_back(Text.substr(F1 + 16));
    } else if (auto P = Text.find("// CHECKS: "); P == 0) {
      F.Checks = "-*," + Text.substr(11);
    } else if (auto P2 = Text.find("// CONFIG: "); P2 == 0) {
      F.Config = Text.substr(11);
    } else if (auto P3 = Text.find("// ARGS: "); P3 == 0) {
      F.Args = Text.substr(9);
    }
  }
  return F;
}

std::string shellQuote(const std::string &S) {
  std::string Out = "'";
  for (char C : S) {
    if (C == '\'')
      Out += "'\\''";
    else
      Out += C;
  }
  return Out + "'";
}

std::string run(const std::string &Command, int &Status) {
  std::string Output;
  FILE *Pipe = popen(Command.c_str(), "r");
  if (!Pipe) {
    Status = -1;
    return Output;
  }
  std::array<char, 4096> Buffer;
  while (size_t N = fread(Buffer.data(), 1, Buffer.size(), Pipe))
    Output.append(Buffer.data(), N);
  Status = pclose(Pipe);
  return Output;
}

std::vector<Diagnostic> parseOutput(const std::string &Output, const fs::path &File) {
  std::vector<Diagnostic> Result;
  static const std::regex Line(R"(^(.*):(\d+):(\d+): (warning|note|error): (.*)$)");
  std::istringstream In(Output);
  std::string Text;
  const std::string Name = File.filename().string();
  while (std::getline(In, Text)) {
    std::smatch M;
    if (!std::regex_match(Text, M, Line))
      continue;
    if (fs::path(M[1].str()).filename() != Name)
      continue; // diagnostics in headers are not this fixture's
    Result.push_back({std::stoi(M[2].str()), std::stoi(M[3].str()), M[4].str(), M[5].str()});
  }
  return Result;
}

std::vector<fs::path> fixtures() {
  std::vector<fs::path> Files;
  for (const auto &Entry : fs::directory_iterator(COROLINT_FIXTURES))
    if (Entry.path().extension() == ".cpp")
      Files.push_back(Entry.path());
  std::sort(Files.begin(), Files.end());
  return Files;
}

class FixtureTest : public ::testing::TestWithParam<fs::path> {};

std::string includeArgs() {
  return " -I" + shellQuote(std::string(COROLINT_FIXTURES) + "/Inputs") + " -I" +
         shellQuote(std::string(COROLINT_SOURCE_DIR) + "/runtime/include");
}

std::string tidyCommand(const Fixture &F, const fs::path &File, const std::string &Extra) {
  std::string Command = std::string(COROLINT_CLANG_TIDY) + " --load=" + COROLINT_MODULE +
                        " --quiet -checks=" + shellQuote(F.Checks) + Extra;
  if (!F.Config.empty())
    Command += " --config=" + shellQuote(F.Config);
  return Command + " " + shellQuote(File.string()) + " -- " + F.Args + includeArgs() + " 2>&1";
}

std::string readFile(const fs::path &P) {
  std::ifstream In(P);
  std::stringstream S;
  S << In.rdbuf();
  return S.str();
}

/// The fixture with its CHECK lines blanked (line numbers kept), so that the
/// fixed file shows only code.
std::string withoutCheckLines(const std::string &Text) {
  static const std::regex Check(R"(// *CHECK-[A-Z-]+:[^\n]*)");
  return std::regex_replace(Text, Check, "//");
}

/// Applies the fixes to a copy of the fixture, compares the fixed file with
/// its CHECK-FIXES lines, compiles it, and checks a second --fix changes
/// nothing.
void checkFixes(const Fixture &F, const fs::path &File) {
  fs::path Dir = fs::temp_directory_path() /
                 ("corolint-fix-" + File.stem().string() + "-" + std::to_string(getpid()));
  fs::create_directories(Dir);
  fs::path Copy = Dir / File.filename();
  std::ofstream(Copy) << withoutCheckLines(readFile(File));
  int Status = 0;
  std::string Output = run(tidyCommand(F, Copy, " --fix"), Status);
  std::string Fixed = readFile(Copy);
  std::istringstream Lines(Fixed);
  std::string Line;
  size_t Next = 0;
  while (Next < F.ExpectedFixes.size() && std::getline(Lines, Line))
    if (Line.find(F.ExpectedFixes[Next]) != std::string::npos)
      ++Next;
  EXPECT_EQ(Next, F.ExpectedFixes.size())
      << File.filename().string() << ": fixed file lacks, in order: "
      << (Next < F.ExpectedFixes.size() ? F.ExpectedFixes[Next] : "") << "\n--- fixed file:\n"
      << Fixed << "\n--- clang-tidy printed:\n"
      << Output;

  // Each header is included once, however many checks rewrite to it.
  {
    std::istringstream In(Fixed);
    std::set<std::string> Includes;
    std::string L;
    while (std::getline(In, L)) {
      if (L.rfind("#include", 0) == 0) {
        EXPECT_TRUE(Includes.insert(L).second) << "included twice: " << L;
      }
    }
  }

  // Every fix compiles.
  std::string Compile = std::string(COROLINT_CLANGXX) + " -fsyntax-only " + F.Args + includeArgs() +
                        " " + shellQuote(Copy.string()) + " 2>&1";
  std::string CompileOutput = run(Compile, Status);
  EXPECT_EQ(Status, 0) << "fixed code does not compile:\n"
                       << CompileOutput << "\n--- fixed file:\n"
                       << Fixed;

  // A second --fix finds nothing left to fix.
  run(tidyCommand(F, Copy, " --fix"), Status);
  EXPECT_EQ(readFile(Copy), Fixed) << "a second --fix changed the file";
  fs::remove_all(Dir);
}

TEST_P(FixtureTest, DiagnosticsMatchExpectations) {
  const fs::path File = GetParam();
  Fixture F = parseFixture(File);
  if (!F.ExpectedFixes.empty())
    checkFixes(F, File);
  std::string Command = tidyCommand(F, File, "");
  int Status = 0;
  std::string Output = run(Command, Status);
  ASSERT_NE(Status, -1) << "could not run: " << Command;
  ASSERT_EQ(Output.find("Segmentation fault"), std::string::npos) << Output;
  ASSERT_EQ(Output.find("PLEASE submit a bug report"), std::string::npos) << Output;

  std::vector<Diagnostic> Actual = parseOutput(Output, File);
  std::vector<bool> Used(Actual.size(), false);
  for (const Diagnostic &E : F.Expected) {
    bool Found = false;
    for (size_t I = 0; I < Actual.size(); ++I) {
      const Diagnostic &A = Actual[I];
      if (!Used[I] && A.Line == E.Line && A.Column == E.Column && A.Severity == E.Severity &&
          A.Message.find(E.Message) != std::string::npos) {
        Used[I] = Found = true;
        break;
      }
    }
    EXPECT_TRUE(Found) << File.filename().string() << ":" << E.Line << ":" << E.Column
                       << ": expected " << E.Severity << ": " << E.Message
                       << "\n--- clang-tidy printed:\n"
                       << Output;
  }
  for (size_t I = 0; I < Actual.size(); ++I) {
    const Diagnostic &A = Actual[I];
    // Notes and compiler errors are checked only where a fixture expects them.
    if (Used[I] || A.Severity != "warning")
      continue;
    ADD_FAILURE() << File.filename().string() << ":" << A.Line << ":" << A.Column
                  << ": unexpected warning: " << A.Message;
  }
}

std::string fixtureName(const ::testing::TestParamInfo<fs::path> &Info) {
  std::string Name = Info.param.stem().string();
  for (char &C : Name)
    if (!isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return Name;
}

std::string tidy(const std::string &Args) {
  int Status = 0;
  std::string Out =
      run(std::string(COROLINT_CLANG_TIDY) + " --load=" + COROLINT_MODULE + " " + Args + " 2>&1",
          Status);
  EXPECT_EQ(Status, 0) << Out;
  return Out;
}

TEST(Module, ListsAllChecks) {
  std::string Out = tidy("--checks='-*,corolint-*' --list-checks");
  for (const char *Check :
       {"corolint-blocking-call", "corolint-blocking-console", "corolint-blocking-dns",
        "corolint-blocking-file", "corolint-blocking-http", "corolint-blocking-process",
        "corolint-blocking-sleep", "corolint-blocking-socket", "corolint-blocking-sync",
        "corolint-blocking-transitive"})
    EXPECT_NE(Out.find(Check), std::string::npos) << Check << " missing:\n" << Out;
  // And whatever Checks.def adds.
  for (const corolint::CheckInfo &Check : corolint::allChecks())
    EXPECT_NE(Out.find(std::string("    ") + Check.CheckName + "\n"), std::string::npos)
        << Check.CheckName << " missing:\n"
        << Out;
}

// Options written by --dump-config read back to the same configuration
// (upstream once shipped a check whose get and store keys differed).
TEST(Module, OptionsSurviveDumpConfigRoundTrip) {
  const std::string Config =
      "{Checks: '-*,corolint-*', CheckOptions: {"
      "corolint-blocking-sync.FlagMutexLock: true, "
      "corolint-blocking-call.BlockingFunctions: '::db::query=co_await db::async_query', "
      "corolint-blocking-sleep.AllowedFunctions: 'usleep'}}";
  std::string First = tidy("--config=" + shellQuote(Config) + " --dump-config");
  EXPECT_NE(First.find("corolint-blocking-sync.FlagMutexLock: 'true'"), std::string::npos) << First;
  EXPECT_NE(First.find(
                "corolint-blocking-call.BlockingFunctions: '::db::query=co_await db::async_query'"),
            std::string::npos)
      << First;
  EXPECT_NE(First.find("corolint-blocking-sleep.AllowedFunctions: usleep"), std::string::npos)
      << First;
  fs::path Dumped = fs::temp_directory_path() / "corolint-dumped-config.yaml";
  std::ofstream(Dumped) << First;
  std::string Second = tidy("--config-file=" + shellQuote(Dumped.string()) + " --dump-config");
  fs::remove(Dumped);
  // clang-tidy prepends its default Checks on every read; compare our options.
  auto CorolintOptions = [](const std::string &Dump) {
    std::istringstream In(Dump);
    std::string Line, Result;
    while (std::getline(In, Line))
      if (Line.find("  corolint-") == 0)
        Result += Line + "\n";
    return Result;
  };
  EXPECT_FALSE(CorolintOptions(First).empty());
  EXPECT_EQ(CorolintOptions(First), CorolintOptions(Second));
}

/// A value other than the option's default, different for each Salt.
std::string otherValue(const corolint::OptionInfo &O, unsigned Salt) {
  const std::string Ns = "ns" + std::to_string(Salt);
  switch (O.Kind) {
  case corolint::OptionKind::Bool:
    return corolint::parseBool(O.Default) ? "false" : "true";
  case corolint::OptionKind::NameList:
    return Ns + "::f;" + Ns + "::g";
  case corolint::OptionKind::NameMap:
    return Ns + "::f=co_await " + Ns + "::g;" + Ns + "::h";
  case corolint::OptionKind::Text:
    return "<" + Ns + "/h.hpp>";
  }
  return "";
}

std::string yamlQuote(const std::string &S) {
  std::string Out = "'";
  for (char C : S)
    Out += C == '\'' ? std::string("''") : std::string(1, C);
  return Out + "'";
}

/// The corolint options of a --dump-config output, unquoted.
std::map<std::string, std::string> dumpedOptions(const std::string &Dump) {
  std::map<std::string, std::string> Options;
  std::istringstream In(Dump);
  for (std::string Line; std::getline(In, Line);) {
    if (Line.rfind("  corolint-", 0) != 0)
      continue;
    size_t Colon = Line.find(": ");
    std::string Key = Line.substr(2, Colon - 2), Value = Line.substr(Colon + 2);
    if (Value.size() >= 2 && Value.front() == '\'' && Value.back() == '\'') {
      std::string Inner;
      for (size_t I = 1; I + 1 < Value.size(); ++I) {
        Inner += Value[I];
        if (Value[I] == '\'' && Value[I + 1] == '\'')
          ++I;
      }
      Value = Inner;
    }
    Options[Key] = Value;
  }
  return Options;
}

/// What --dump-config writes when every check's every option is set to
/// otherValue (Local: under the check's name; else globally, Salt 0).
std::map<std::string, std::string> everyOptionSet(bool Local, std::string &Config) {
  std::map<std::string, std::string> Expected;
  Config = "{Checks: '-*,corolint-*', CheckOptions: {";
  if (!Local)
    for (const corolint::OptionInfo &O : corolint::allOptions())
      Config += std::string(O.Name) + ": " + yamlQuote(otherValue(O, 0)) + ", ";
  for (unsigned I = 0; I < corolint::allChecks().size(); ++I)
    for (const corolint::OptionInfo &O : corolint::allOptions()) {
      if (!(O.Checks & (corolint::CheckSet(1) << I)))
        continue;
      std::string Key = std::string(corolint::allChecks()[I].CheckName) + "." + O.Name;
      std::string Value = otherValue(O, Local ? I + 1 : 0);
      if (Local)
        Config += Key + ": " + yamlQuote(Value) + ", ";
      Expected[Key] = Value;
    }
  Config += "}}";
  return Expected;
}

// Every option of every check, set to a value of its own: --dump-config
// writes each back under the key it was read with (no option missing, none
// extra), and reading the dump back gives the same dump.
TEST(Module, EveryOptionSurvivesDumpConfig) {
  std::string Config;
  const std::map<std::string, std::string> Expected = everyOptionSet(/*Local=*/true, Config);
  std::string First = tidy("--config=" + shellQuote(Config) + " --dump-config");
  EXPECT_EQ(dumpedOptions(First), Expected) << First;
  fs::path Dumped = fs::temp_directory_path() / "corolint-every-option.yaml";
  std::ofstream(Dumped) << First;
  std::string Second = tidy("--config-file=" + shellQuote(Dumped.string()) + " --dump-config");
  fs::remove(Dumped);
  EXPECT_EQ(dumpedOptions(Second), Expected) << Second;
}

// A global option reaches every check that reads it.
TEST(Module, GlobalOptionsReachEveryCheckThatReadsThem) {
  std::string Config;
  const std::map<std::string, std::string> Expected = everyOptionSet(/*Local=*/false, Config);
  EXPECT_EQ(dumpedOptions(tidy("--config=" + shellQuote(Config) + " --dump-config")), Expected);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureTest, ::testing::ValuesIn(fixtures()), fixtureName);

} // namespace
