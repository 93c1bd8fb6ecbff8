//===- FixIts.cpp ---------------------------------------------------------===//
#include "FixIts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace corolint {

std::vector<std::string> FixOptions::parseList(llvm::StringRef Text) {
  return ClassifierOptions::parseNameList(Text);
}

/// The arguments as written (default arguments have no text).
static llvm::SmallVector<const Expr *, 6> writtenArguments(const Expr &Call) {
  llvm::SmallVector<const Expr *, 6> Args;
  if (const auto *CE = dyn_cast<CallExpr>(&Call)) {
    unsigned First = 0;
    if (isa<CXXOperatorCallExpr>(CE) &&
        isa_and_nonnull<CXXMethodDecl>(CE->getDirectCallee()))
      First = 1;
    for (unsigned I = First; I < CE->getNumArgs(); ++I)
      if (!isa<CXXDefaultArgExpr>(CE->getArg(I)))
        Args.push_back(CE->getArg(I));
  }
  return Args;
}

/// The text of R as written. An argument that is a whole macro use
/// (`MSG_NOSIGNAL`) is fine; text that does not map to one stretch of the
/// file is not.
static std::optional<std::string> sourceText(SourceRange R, const ASTContext &Ctx) {
  if (R.isInvalid())
    return std::nullopt;
  CharSourceRange File = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(R), Ctx.getSourceManager(), Ctx.getLangOpts());
  if (File.isInvalid())
    return std::nullopt;
  bool Invalid = false;
  llvm::StringRef Text = Lexer::getSourceText(File, Ctx.getSourceManager(),
                                              Ctx.getLangOpts(), &Invalid);
  if (Invalid || Text.empty())
    return std::nullopt;
  return Text.str();
}

/// `$*0`: the pointee of argument 0 (`&ts` is `ts`, `p` is `*p`).
static std::optional<std::string> dereferenced(const Expr &Arg, const ASTContext &Ctx) {
  const Expr *E = Arg.IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    return sourceText(U->getSubExpr()->getSourceRange(), Ctx);
  auto Text = sourceText(Arg.getSourceRange(), Ctx);
  if (!Text)
    return std::nullopt;
  return "*(" + *Text + ")";
}

/// Expands a rewrite template; nullopt if an argument is missing, or if an
/// argument with side effects would be evaluated more than once.
static std::optional<std::string> expand(llvm::StringRef Template, const Expr &Call,
                                         const ASTContext &Ctx) {
  auto Args = writtenArguments(Call);
  std::string Out;
  llvm::SmallVector<unsigned, 8> Uses(Args.size() + 1, 0);
  for (size_t I = 0; I < Template.size(); ++I) {
    if (Template[I] != '$' || I + 1 >= Template.size()) {
      Out += Template[I];
      continue;
    }
    char Next = Template[I + 1];
    if (Next == '*' && I + 2 < Template.size() && llvm::isDigit(Template[I + 2])) {
      unsigned N = Template[I + 2] - '0';
      if (N >= Args.size())
        return std::nullopt;
      auto Text = dereferenced(*Args[N], Ctx);
      if (!Text)
        return std::nullopt;
      Out += *Text;
      ++Uses[N];
      I += 2;
    } else if (Next == '*') {
      if (!Args.empty()) {
        auto Text = sourceText(SourceRange(Args.front()->getBeginLoc(),
                                           Args.back()->getEndLoc()),
                               Ctx);
        if (!Text)
          return std::nullopt;
        Out += *Text;
        for (unsigned N = 0; N < Args.size(); ++N)
          ++Uses[N];
      }
      I += 1;
    } else if (llvm::isDigit(Next)) {
      unsigned N = Next - '0';
      if (N >= Args.size())
        return std::nullopt;
      auto Text = sourceText(Args[N]->getSourceRange(), Ctx);
      if (!Text)
        return std::nullopt;
      Out += *Text;
      ++Uses[N];
      I += 1;
    } else {
      Out += Template[I];
    }
  }
  for (unsigned N = 0; N < Args.size(); ++N)
    if (Uses[N] > 1 && Args[N]->HasSideEffects(Ctx))
      return std::nullopt;
  return Out;
}

static bool isNullPointer(const Expr *E, ASTContext &Ctx) {
  return E && !E->isValueDependent() &&
         E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
             Expr::NPCK_NotNull;
}

static bool isConstantOne(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent())
    return false;
  Expr::EvalResult R;
  return E->EvaluateAsInt(R, Ctx) && R.Val.getInt() == 1;
}

/// True if the coroutine returns one of the types that can await the fixes'
/// awaitables (by default corio::task).
static bool canAwaitRewrites(const FunctionDecl &Coroutine, const FixOptions &Options) {
  QualType T = Coroutine.getReturnType();
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::string Name = qualifiedName(*RD);
  return llvm::is_contained(Options.CoroutineTypes, Name);
}

static const ApiRewrite *defaultRewriteFor(llvm::StringRef Api) {
  for (const ApiRewrite &R : defaultRewrites())
    if (Api == R.Api)
      return &R;
  return nullptr;
}

static bool conditionHolds(RewriteWhen When, const BlockingCallFinding &F,
                           ASTContext &Ctx) {
  auto Args = writtenArguments(*F.Call);
  switch (When) {
  case RewriteWhen::Always:
    return true;
  case RewriteWhen::ResultUnused:
    return F.Context.ResultUnused;
  case RewriteWhen::ResultUnusedAndArg1Null:
    return F.Context.ResultUnused && Args.size() > 1 && isNullPointer(Args[1], Ctx);
  case RewriteWhen::Arg1IsOne:
    return Args.size() > 1 && isConstantOne(Args[1], Ctx);
  }
  return false;
}

std::optional<FixIt> makeFixIt(const BlockingCallFinding &F, ASTContext &Ctx,
                               const FixOptions &Options) {
  // Where co_await cannot go, or there is no text of the call to edit.
  if (F.Context.InCatch || F.Context.InStaticInit || F.Context.InInlineLambda ||
      F.Context.Implicit || !F.Call)
    return std::nullopt;
  const Expr &Call = *F.Call;
  if (!isa<CallExpr>(Call) || Call.isValueDependent() || Call.containsErrors())
    return std::nullopt;
  SourceRange Range = Call.getSourceRange();
  if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID())
    return std::nullopt;
  // A call whose tokens come from two files (an #include between them) is
  // not one stretch of text: no edit can replace it.
  const SourceManager &SM = Ctx.getSourceManager();
  if (SM.getFileID(Range.getBegin()) != SM.getFileID(Range.getEnd()))
    return std::nullopt;
  if (!canAwaitRewrites(*F.Coroutine, Options))
    return std::nullopt;

  std::string Api = F.What.Api ? std::string(F.What.Api->Name) : F.What.Name;
  const ApiRewrite *Default = F.What.Api ? defaultRewriteFor(F.What.Api->Name) : nullptr;
  std::optional<std::string> Replacement;
  std::string Header;
  for (const auto &[Name, Template] : Options.Replacements) {
    if (Name == Api || Name == F.What.Name) {
      RewriteWhen When = Default ? Default->When : RewriteWhen::ResultUnused;
      if (!conditionHolds(When, F, Ctx))
        return std::nullopt;
      Replacement = expand(Template, Call, Ctx);
      if (!Replacement)
        return std::nullopt;
      Header = Options.ReplacementHeader;
      break;
    }
  }
  if (!Replacement && Default && conditionHolds(Default->When, F, Ctx)) {
    Replacement = expand(Default->Template, Call, Ctx);
    if (Replacement)
      Header = std::string("<") + Default->Header + ">";
  }
  if (!Replacement && Options.OffloadFixes) {
    // Run the call on corio's thread pool and await it. A call returning a
    // reference keeps returning one.
    auto Text = sourceText(Range, Ctx);
    if (!Text)
      return std::nullopt;
    if (F.Context.ResultUnused)
      Replacement = "co_await corio::offload([&] { " + *Text + "; })";
    else if (Call.isGLValue())
      Replacement = "co_await corio::offload([&]() -> decltype(auto) { return " + *Text + "; })";
    else
      Replacement = "co_await corio::offload([&] { return " + *Text + "; })";
    Header = std::string("<") + OffloadHeader + ">";
  }
  if (!Replacement)
    return std::nullopt;

  FixIt Fix;
  Fix.Edits.push_back({CharSourceRange::getTokenRange(Range), *Replacement});
  Fix.Header = Header;
  return Fix;
}

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
    } else if (Directive == "include" || Directive == "import" ||
               Directive == "include_next") {
      size_t LineEnd = Buffer.find('\n', std::max(RestEnd, RestBegin));
      LineEnd = LineEnd == llvm::StringRef::npos ? Buffer.size() : LineEnd + 1;
      Result.push_back({Buffer.slice(RestBegin, std::max(RestEnd, RestBegin)).trim(),
                        LineEnd, Depth, InPreamble});
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
  std::vector<IncludeDirective> Includes =
      includeDirectives(SM.getLocForStartOfFile(File), Buffer);
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
  std::string Spelled = Header.starts_with("<") || Header.starts_with("\"")
                            ? Header.str()
                            : "<" + Header.str() + ">";
  if (QuoteStyle && Spelled.front() == '<')
    Spelled = "\"" + Bare.str() + "\"";
  std::string Text = "#include " + Spelled + "\n";
  if (InsertAt == Buffer.size() && !Buffer.empty() && !Buffer.ends_with("\n"))
    Text = "\n" + Text;
  SourceLocation Loc = SM.getLocForStartOfFile(File).getLocWithOffset(static_cast<int>(InsertAt));
  return TextEdit{CharSourceRange::getCharRange(Loc, Loc), Text};
}

} // namespace corolint
