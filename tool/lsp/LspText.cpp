//===- LspText.cpp --------------------------------------------------------===//
#include "LspText.h"
#include "UriPath.h"
#include "llvm/ADT/StringExtras.h"

using llvm::json::Object;
using llvm::json::Value;

namespace corolint::lsp {

unsigned utf8SequenceLength(unsigned char Lead) {
  if (Lead < 0xC0)
    return 1; // ASCII, or a stray continuation byte
  if (Lead < 0xE0)
    return 2;
  if (Lead < 0xF0)
    return 3;
  if (Lead < 0xF8)
    return 4;
  return 1;
}

namespace {

/// The length of the character at Text[I]: a valid sequence's length, else 1.
unsigned characterLength(llvm::StringRef Text, size_t I) {
  unsigned N = utf8SequenceLength(static_cast<unsigned char>(Text[I]));
  if (I + N > Text.size())
    return 1;
  for (unsigned K = 1; K < N; ++K)
    if ((static_cast<unsigned char>(Text[I + K]) & 0xC0) != 0x80)
      return 1;
  return N;
}

/// UTF-16 code units of a character of N UTF-8 bytes.
unsigned utf16Units(unsigned N) { return N == 4 ? 2 : 1; }

} // namespace

Position offsetToPosition(llvm::StringRef Text, size_t Offset) {
  Offset = std::min(Offset, Text.size());
  Position P;
  size_t LineStart = 0;
  for (size_t NewLine; (NewLine = Text.find('\n', LineStart)) < Offset;) {
    ++P.Line;
    LineStart = NewLine + 1;
  }
  for (size_t I = LineStart; I < Offset;) {
    unsigned N = characterLength(Text, I);
    if (I + N > Offset)
      break; // Offset is inside this character
    P.Character += utf16Units(N);
    I += N;
  }
  return P;
}

size_t positionToOffset(llvm::StringRef Text, Position P) {
  size_t LineStart = 0;
  for (unsigned L = 0; L < P.Line; ++L) {
    size_t NewLine = Text.find('\n', LineStart);
    if (NewLine == llvm::StringRef::npos)
      return Text.size();
    LineStart = NewLine + 1;
  }
  size_t LineEnd = std::min(Text.find('\n', LineStart), Text.size());
  size_t I = LineStart;
  for (unsigned Units = 0; I < LineEnd;) {
    unsigned N = characterLength(Text, I);
    Units += utf16Units(N);
    if (Units > P.Character)
      break;
    I += N;
  }
  return I;
}

Value toJSON(const Position &P) { return Object{{"line", P.Line}, {"character", P.Character}}; }

Value toJSON(const Range &R) { return Object{{"start", toJSON(R.Start)}, {"end", toJSON(R.End)}}; }

bool fromJSON(const Value &V, Position &P, llvm::json::Path Path) {
  llvm::json::ObjectMapper O(V, Path);
  int64_t Line = -1, Character = -1;
  if (!O || !O.map("line", Line) || !O.map("character", Character))
    return false;
  if (Line < 0 || Character < 0 || Line > UINT32_MAX || Character > UINT32_MAX) {
    Path.report("a position's line and character must be unsigned integers");
    return false;
  }
  P.Line = static_cast<unsigned>(Line);
  P.Character = static_cast<unsigned>(Character);
  return true;
}

bool fromJSON(const Value &V, Range &R, llvm::json::Path Path) {
  llvm::json::ObjectMapper O(V, Path);
  return O && O.map("start", R.Start) && O.map("end", R.End);
}

bool applyChange(std::string &Text, const std::optional<Range> &Where, llvm::StringRef NewText) {
  if (!Where) {
    Text = NewText.str();
    return true;
  }
  size_t Start = positionToOffset(Text, Where->Start);
  size_t End = positionToOffset(Text, Where->End);
  if (End < Start)
    return false;
  Text.replace(Start, End - Start, NewText.data(), NewText.size());
  return true;
}

std::optional<std::string> uriToPath(llvm::StringRef Uri) {
  if (!Uri.consume_front_insensitive("file://"))
    return std::nullopt;
  // "file:///a/b" (an empty authority) or "file://localhost/a/b".
  Uri.consume_front_insensitive("localhost");
  if (!Uri.starts_with("/"))
    return std::nullopt;
  std::string Path;
  for (size_t I = 0; I < Uri.size(); ++I) {
    if (Uri[I] == '%' && I + 2 < Uri.size() && llvm::isHexDigit(Uri[I + 1]) &&
        llvm::isHexDigit(Uri[I + 2])) {
      Path += static_cast<char>(llvm::hexFromNibbles(Uri[I + 1], Uri[I + 2]));
      I += 2;
    } else {
      Path += Uri[I];
    }
  }
  if (Path.find('\0') != std::string::npos)
    return std::nullopt;
  return Path;
}

std::string pathToUri(llvm::StringRef Path) { return "file://" + tool::uriPath(Path); }

} // namespace corolint::lsp
