//===- FixApplier.cpp -----------------------------------------------------===//
#include "FixApplier.h"
#include "SourceFiles.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace corolint::tool {
namespace {

struct FileEdit {
  unsigned Offset, Length;
  std::string Text;
  size_t FindingIndex;
  bool operator<(const FileEdit &O) const {
    return std::tie(Offset, Length, FindingIndex) < std::tie(O.Offset, O.Length, O.FindingIndex);
  }
};

/// Writes Content to Path atomically, keeping Path's permission bits.
std::string writeAtomically(const std::string &Path, llvm::StringRef Content) {
  struct stat St;
  if (::stat(Path.c_str(), &St) != 0)
    return std::strerror(errno);
  std::string Temp = Path + ".corolint-XXXXXX";
  int FD = ::mkstemp(Temp.data());
  if (FD < 0)
    return std::strerror(errno);
  auto Fail = [&](int Err) {
    ::close(FD);
    ::unlink(Temp.c_str());
    return std::string(std::strerror(Err));
  };
  const char *Data = Content.data();
  size_t Left = Content.size();
  while (Left > 0) {
    ssize_t N = ::write(FD, Data, Left);
    if (N < 0) {
      if (errno == EINTR)
        continue;
      return Fail(errno);
    }
    Data += N;
    Left -= N;
  }
  if (::fchmod(FD, St.st_mode & 07777) != 0 || ::fsync(FD) != 0)
    return Fail(errno);
  if (::close(FD) != 0) {
    int Err = errno;
    ::unlink(Temp.c_str());
    return std::strerror(Err);
  }
  if (::rename(Temp.c_str(), Path.c_str()) != 0) {
    int Err = errno;
    ::unlink(Temp.c_str());
    return std::strerror(Err);
  }
  // Make the rename itself durable.
  llvm::SmallString<256> Dir(Path);
  llvm::sys::path::remove_filename(Dir);
  int DirFD = ::open(Dir.empty() ? "." : Dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (DirFD >= 0) {
    ::fsync(DirFD);
    ::close(DirFD);
  }
  return "";
}

/// True if two edits of one file cannot both be applied. Identical edits
/// (the same #include from two fixes) are one; two insertions at one place
/// are both made, in finding order; an insertion may touch a replacement's
/// ends but not fall inside it.
bool conflict(const FileEdit &A, const FileEdit &B) {
  if (A.Offset == B.Offset && A.Length == B.Length && A.Text == B.Text)
    return false;
  if (A.Length == 0 && B.Length == 0)
    return false;
  if (A.Length == 0)
    return B.Offset < A.Offset && A.Offset < B.Offset + B.Length;
  if (B.Length == 0)
    return A.Offset < B.Offset && B.Offset < A.Offset + A.Length;
  return A.Offset < B.Offset + B.Length && B.Offset < A.Offset + A.Length;
}

/// Sorted, identical edits merged. The edits must not conflict.
void normalizeEdits(std::vector<FileEdit> &Edits) {
  std::sort(Edits.begin(), Edits.end());
  std::vector<FileEdit> Out;
  for (FileEdit &E : Edits) {
    if (!Out.empty() && Out.back().Offset == E.Offset && Out.back().Length == E.Length &&
        Out.back().Text == E.Text)
      continue;
    Out.push_back(std::move(E));
  }
  Edits = std::move(Out);
}

using EditsByFile = std::map<std::string, std::vector<FileEdit>>;

/// The edits of the fixes still taking part, by file.
EditsByFile editsByFile(const std::vector<Finding> &Findings, const std::vector<bool> &Candidate) {
  EditsByFile ByFile;
  for (size_t I = 0; I < Findings.size(); ++I)
    if (Candidate[I])
      for (const Edit &E : Findings[I].Fix)
        ByFile[E.File].push_back({E.Offset, E.Length, E.Text, I});
  return ByFile;
}

/// One applyFixes call: the stages below run in order, each narrowing the
/// candidate fixes (a fix is all of its edits or none) and saying why.
class FixApplication {
public:
  FixApplication(const std::vector<Finding> &Findings, llvm::StringRef Root,
                 const llvm::StringMap<std::string> &ExpectedHashes)
      : Findings(Findings), Root(Root), ExpectedHashes(ExpectedHashes),
        Candidate(Findings.size(), false) {
    Out.Applied.assign(Findings.size(), false);
  }

  FixOutcome run() {
    keepFixesUnderRoot();
    dropFixesOfUneditableFiles();
    dropOverlappingFixes();
    writeFiles();
    return std::move(Out);
  }

private:
  /// Which fixes take part: all their files under the root.
  void keepFixesUnderRoot() {
    for (size_t I = 0; I < Findings.size(); ++I) {
      if (Findings[I].Fix.empty())
        continue;
      bool Inside = true;
      for (const Edit &E : Findings[I].Fix)
        if (!relativeTo(E.File, Root)) {
          Out.Problems.push_back(llvm::formatv("{0}: not changed: it is outside the project "
                                               "root {1}",
                                               E.File, Root));
          Inside = false;
        }
      Candidate[I] = Inside;
    }
  }

  /// Drops files that cannot be edited, and with them every fix touching
  /// them, until what is left is consistent.
  void dropFixesOfUneditableFiles() {
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (auto &[File, Edits] : editsByFile(Findings, Candidate)) {
        std::string Why = whyNotEditable(File, Edits);
        if (Why.empty())
          continue;
        Out.Problems.push_back(llvm::formatv("{0}: not changed: {1}", File, Why).str());
        Refused.insert(File);
        for (size_t I = 0; I < Findings.size(); ++I)
          if (Candidate[I])
            for (const Edit &E : Findings[I].Fix)
              if (Refused.count(E.File)) {
                Candidate[I] = false;
                Changed = true;
              }
        break; // recompute the per-file lists without those fixes
      }
    }
  }

  /// Why File cannot take Edits ("" if it can), reading it (once) into
  /// Contents.
  std::string whyNotEditable(const std::string &File, const std::vector<FileEdit> &Edits) {
    if (!Contents.count(File)) {
      auto Buffer = llvm::MemoryBuffer::getFile(File, false, false);
      if (!Buffer)
        return "cannot read it: " + Buffer.getError().message();
      Contents[File] = (*Buffer)->getBuffer().str();
      auto Expected = ExpectedHashes.find(File);
      if (Expected != ExpectedHashes.end() && Expected->second != contentHash(Contents[File]))
        return "it changed since it was analysed";
    }
    for (const FileEdit &E : Edits)
      // Written so that no sum can wrap around.
      if (E.Offset > Contents[File].size() || E.Length > Contents[File].size() - E.Offset)
        return "an edit lies past its end";
    return "";
  }

  /// Fixes whose edits overlap cannot both be applied: in finding order (by
  /// file and position), a fix that overlaps one already taken is skipped,
  /// and said so; the file's other fixes are applied. (The engine gives
  /// nested calls one fix between them; fixes from two analyses of a header,
  /// under different options, may still overlap.)
  void dropOverlappingFixes() {
    EditsByFile Taken;
    for (size_t I = 0; I < Findings.size(); ++I) {
      if (!Candidate[I])
        continue;
      const FileEdit *Clash = nullptr;
      std::string ClashFile;
      for (const Edit &E : Findings[I].Fix) {
        FileEdit Mine{E.Offset, E.Length, E.Text, I};
        for (const FileEdit &Other : Taken[E.File])
          if (conflict(Mine, Other)) {
            Clash = &Other;
            ClashFile = E.File;
            break;
          }
        if (Clash)
          break;
      }
      if (Clash) {
        const Finding &F = Findings[I], &G = Findings[Clash->FindingIndex];
        Out.Problems.push_back(
            llvm::formatv("{0}:{1}:{2}: the fix for '{3}' is not applied: it overlaps the fix "
                          "for '{4}' at {5}:{6} (run --fix again)",
                          F.At.File.empty() ? ClashFile : F.At.File, F.At.Line, F.At.Column,
                          F.Callee, G.Callee, G.At.Line, G.At.Column)
                .str());
        Candidate[I] = false;
        continue;
      }
      for (const Edit &E : Findings[I].Fix)
        Taken[E.File].push_back({E.Offset, E.Length, E.Text, I});
    }
  }

  /// Writes each file with the edits of the fixes left; a fix is applied if
  /// every file it touches was written.
  void writeFiles() {
    std::set<size_t> WriteFailed;
    for (auto &[File, Edits] : editsByFile(Findings, Candidate)) {
      normalizeEdits(Edits);
      std::string Error = writeAtomically(File, withEdits(Contents[File], Edits));
      if (!Error.empty()) {
        Out.Problems.push_back(
            llvm::formatv("{0}: not changed: cannot write it: {1}", File, Error).str());
        Out.WriteFailed = true;
        for (const FileEdit &E : Edits)
          WriteFailed.insert(E.FindingIndex);
        continue;
      }
      Out.ChangedFiles.push_back(File);
    }
    for (size_t I = 0; I < Findings.size(); ++I)
      Out.Applied[I] = Candidate[I] && !WriteFailed.count(I);
  }

  /// Old with Edits (sorted, disjoint) made.
  static std::string withEdits(const std::string &Old, const std::vector<FileEdit> &Edits) {
    std::string New;
    unsigned Pos = 0;
    for (const FileEdit &E : Edits) {
      New.append(Old, Pos, E.Offset - Pos);
      New += E.Text;
      Pos = E.Offset + E.Length;
    }
    New.append(Old, Pos, std::string::npos);
    return New;
  }

  const std::vector<Finding> &Findings;
  const llvm::StringRef Root;
  const llvm::StringMap<std::string> &ExpectedHashes;
  FixOutcome Out;
  std::vector<bool> Candidate;                 // per finding: does its fix take part?
  std::map<std::string, std::string> Contents; // file -> current text
  std::set<std::string> Refused;
};

} // namespace

FixOutcome applyFixes(const std::vector<Finding> &Findings, llvm::StringRef Root,
                      const llvm::StringMap<std::string> &ExpectedHashes) {
  return FixApplication(Findings, Root, ExpectedHashes).run();
}

} // namespace corolint::tool
