//===- Findings.h - Findings as plain data ----------------------*- C++ -*-===//
//
// The result model every printer, the baseline and the cache use: no AST
// pointers, only files, offsets and text, so findings can be merged across
// translation units, stored and compared.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_FINDINGS_H
#define COROLINT_ENGINE_FINDINGS_H

#include <string>
#include <vector>

namespace corolint {

struct Location {
  std::string File; ///< absolute path
  unsigned Line = 0, Column = 0;
  unsigned Offset = 0; ///< byte offset in File
};

struct Edit {
  std::string File;
  unsigned Offset = 0, Length = 0;
  std::string Text;
};

struct Note {
  Location At;
  std::string Message;
};

struct Finding {
  std::string Check; ///< "corolint-blocking-sleep"
  Location At;
  std::string Message;
  /// The coroutine's location first, then, for findings through helpers,
  /// one note per step of the call chain.
  std::vector<Note> Notes;
  /// All edits of the fix, or none; an #include insertion may be among them.
  std::vector<Edit> Fix;
  std::string Coroutine; ///< as shown: "'fetch'" or "lambda"
  std::string Callee;    ///< the called function as shown
};

} // namespace corolint

#endif
