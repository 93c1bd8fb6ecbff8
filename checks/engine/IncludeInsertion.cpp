//===- IncludeInsertion.cpp - Where a fix's #include goes -----------------===//
//
// clang's tooling::HeaderIncludes (what clang-format and clangd insert
// with) is not used: it would change where and whether an include is added,
// which the fixtures pin down (as its HeaderIncludes.cpp reads in 2026):
//  - it only sees the block of #includes that opens the file (after the
//    guard) and stops at the first other directive: in a file whose includes
//    are split by an `#if` block or a `#define`, it inserts before that; this
//    file takes the whole preamble and the include in the fewest #if blocks;
//  - within its block it inserts in sorted position by the style's include
//    categories; this file inserts after the last include;
//  - it knows a header as present by its name and quote style, matched line
//    by line (also in comments and raw strings); this file lexes the file,
//    takes either quote style and corio/corio.hpp (which includes every
//    corio header), anywhere in the file;
//  - its caller picks <> or ""; this file follows the file's own includes of
//    corio.
//
//===----------------------------------------------------------------------===//
#include "FixIts.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include <algorithm>

using namespace clang;

namespace corolint {

namespace {
/// The #include (and #import) directives of a file, as the lexer sees them:
/// not in comments or string literals. `InPreamble`: before the file's first
/// token that is not part of a directive, where an added #include is at
/// file scope; `Depth`: how many #if blocks it is in.
struct IncludeDirective {
  llvm::StringRef Spelled; ///< `<corio/task.hpp>` or `"coro.h"`
  size_t LineEnd;          ///< offset just past the directive's line
  unsigned Depth;
  bool InPreamble;
};
} // namespace

static std::vector<IncludeDirective> includeDirectives(SourceLocation Start,
                                                       llvm::StringRef Buffer) {
  LangOptions LO; // comments, raw strings and digit separators lex as C++
  LO.CPlusPlus = LO.CPlusPlus11 = LO.CPlusPlus14 = LO.CPlusPlus17 = true;
  LO.CPlusPlus20 = LO.LineComment = true;
  Lexer Raw(Start, LO, Buffer.begin(), Buffer.begin(), Buffer.end());
  std::vector<IncludeDirective> Result;
  unsigned Depth = 0;
  bool InPreamble = true;
  Token Tok;
  Raw.LexFromRawLexer(Tok);
  while (Tok.isNot(tok::eof)) {
    if (!Tok.is(tok::hash) || !Tok.isAtStartOfLine()) {
      InPreamble = false; // code: later directives may be inside a declaration
      Raw.LexFromRawLexer(Tok);
      continue;
    }
    Token Name;
    Raw.LexFromRawLexer(Name);
    if (Name.is(tok::eof) || Name.isAtStartOfLine()) {
      Tok = Name; // a null directive
      continue;
    }
    llvm::StringRef Directive =
        Name.is(tok::raw_identifier) ? Name.getRawIdentifier() : llvm::StringRef();
    // The rest of the directive: up to the next token at the start of a
    // line (a backslash-newline does not start one).
    size_t RestBegin = Raw.getCurrentBufferOffset();
    size_t RestEnd = RestBegin;
    Raw.LexFromRawLexer(Tok);
    while (Tok.isNot(tok::eof) && !Tok.isAtStartOfLine()) {
      RestEnd = Raw.getCurrentBufferOffset();
      Raw.LexFromRawLexer(Tok);
    }
    if (Directive == "if" || Directive == "ifdef" || Directive == "ifndef") {
      ++Depth;
    } else if (Directive == "endif") {
      Depth = Depth > 0 ? Depth - 1 : 0;
    } else if (Directive == "include" || Directive == "import" || Directive == "include_next") {
      size_t LineEnd = Buffer.find('\n', std::max(RestEnd, RestBegin));
      LineEnd = LineEnd == llvm::StringRef::npos ? Buffer.size() : LineEnd + 1;
      Result.push_back({Buffer.slice(RestBegin, std::max(RestEnd, RestBegin)).trim(), LineEnd,
                        Depth, InPreamble});
    }
  }
  return Result;
}

std::optional<TextEdit> includeInsertion(FileID File, llvm::StringRef Header,
                                         const SourceManager &SM) {
  if (Header.empty())
    return std::nullopt;
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(File, &Invalid);
  if (Invalid)
    return std::nullopt;
  llvm::StringRef Bare = Header.trim("<>\"");
  std::vector<IncludeDirective> Includes = includeDirectives(SM.getLocForStartOfFile(File), Buffer);
  // After the last include of the preamble that is in the fewest #if blocks
  // (in a header, the include guard's), so that the new one is at file scope
  // and not conditional on more than the others; at the start if none.
  size_t InsertAt = 0;
  unsigned BestDepth = ~0u;
  bool QuoteStyle = false;
  for (const IncludeDirective &I : Includes) {
    llvm::StringRef Name = I.Spelled.trim("<>\"");
    if (Name.starts_with(Bare) || Name.starts_with("corio/corio.hpp"))
      return std::nullopt; // already there
    if (!I.InPreamble)
      continue;
    if (Name.starts_with("corio/"))
      QuoteStyle = I.Spelled.starts_with("\"");
    if (I.Depth <= BestDepth) {
      BestDepth = I.Depth;
      InsertAt = I.LineEnd;
    }
  }
  std::string Spelled =
      Header.starts_with("<") || Header.starts_with("\"") ? Header.str() : "<" + Header.str() + ">";
  if (QuoteStyle && Spelled.front() == '<')
    Spelled = "\"" + Bare.str() + "\"";
  std::string Text = "#include " + Spelled + "\n";
  if (InsertAt == Buffer.size() && !Buffer.empty() && !Buffer.ends_with("\n"))
    Text = "\n" + Text;
  SourceLocation Loc = SM.getLocForStartOfFile(File).getLocWithOffset(static_cast<int>(InsertAt));
  return TextEdit{CharSourceRange::getCharRange(Loc, Loc), Text};
}

} // namespace corolint
