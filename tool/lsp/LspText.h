//===- LspText.h - Byte offsets and LSP positions ---------------*- C++ -*-===//
//
// The engine reports byte offsets into UTF-8 text; LSP positions count lines
// and UTF-16 code units (the encoding every client supports). A character
// outside the Basic Multilingual Plane is one code point, four UTF-8 bytes and
// two UTF-16 units. Lines end at "\n" ("\r\n" works: the "\r" is the line's
// last character, after any position the engine reports).
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_LSPTEXT_H
#define COROLINT_TOOL_LSPTEXT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include <cstddef>
#include <optional>
#include <string>

namespace corolint::lsp {

struct Position {
  unsigned Line = 0;      ///< 0-based
  unsigned Character = 0; ///< 0-based, in UTF-16 code units
  friend bool operator==(const Position &A, const Position &B) {
    return A.Line == B.Line && A.Character == B.Character;
  }
  friend bool operator<=(const Position &A, const Position &B) {
    return A.Line < B.Line || (A.Line == B.Line && A.Character <= B.Character);
  }
};

struct Range {
  Position Start, End;
};

/// The position of a byte offset. An offset past the end is the end; one
/// inside a multi-byte character is that character's start.
Position offsetToPosition(llvm::StringRef Text, size_t Offset);

/// The byte offset of a position. A character past the line's end is the end
/// of the line (as LSP asks); a line past the last is the end of the text.
size_t positionToOffset(llvm::StringRef Text, Position P);

/// The byte length of the UTF-8 sequence starting with Lead (1 for a byte
/// that cannot start one, so that invalid UTF-8 still advances).
unsigned utf8SequenceLength(unsigned char Lead);

llvm::json::Value toJSON(const Position &P);
llvm::json::Value toJSON(const Range &R);
bool fromJSON(const llvm::json::Value &V, Position &P, llvm::json::Path Path);
bool fromJSON(const llvm::json::Value &V, Range &R, llvm::json::Path Path);

/// Applies one didChange content change: the whole text when there is no
/// range, else the range's replacement. False if the range is inverted.
bool applyChange(std::string &Text, const std::optional<Range> &Where, llvm::StringRef NewText);

/// file:// URIs and absolute paths. Returns nullopt for another scheme.
std::optional<std::string> uriToPath(llvm::StringRef Uri);
std::string pathToUri(llvm::StringRef Path);

} // namespace corolint::lsp

#endif
