//===- FindingDiagnostics.cpp ---------------------------------------------===//
#include "FindingDiagnostics.h"

#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace corolint::tidy {

SourceLocation FindingDiagnostics::toSourceLocation(const std::string &File, unsigned Offset) {
  auto [It, Inserted] = Files.try_emplace(File);
  if (Inserted)
    if (auto Entry = SM.getFileManager().getOptionalFileRef(File))
      It->second = SM.translateFile(*Entry);
  if (It->second.isInvalid())
    return {};
  return SM.getLocForStartOfFile(It->second).getLocWithOffset(static_cast<int>(Offset));
}

void FindingDiagnostics::emit(const Finding &F) {
  SourceLocation Loc = toSourceLocation(F.At.File, F.At.Offset);
  if (Loc.isInvalid())
    return;
  {
    auto Diag = Check.diag(Loc, "%0") << F.Message;
    for (const Edit &E : F.Fix) {
      SourceLocation Begin = toSourceLocation(E.File, E.Offset);
      if (Begin.isValid())
        Diag << FixItHint::CreateReplacement(
            CharSourceRange::getCharRange(Begin,
                                          Begin.getLocWithOffset(static_cast<int>(E.Length))),
            E.Text);
    }
  } // the warning goes out here, before its notes
  for (const Note &N : F.Notes) {
    SourceLocation NoteLoc = toSourceLocation(N.At.File, N.At.Offset);
    if (NoteLoc.isValid())
      Check.diag(NoteLoc, "%0", DiagnosticIDs::Note) << N.Message;
  }
}

} // namespace corolint::tidy
