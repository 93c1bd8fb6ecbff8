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
  const Expr &Call = *F.Call;
  // Where co_await cannot go, or the text cannot be edited safely.
  if (F.Context.InCatch || F.Context.InStaticInit || F.Context.InInlineLambda)
    return std::nullopt;
  if (!isa<CallExpr>(Call) || Call.isValueDependent() || Call.containsErrors())
    return std::nullopt;
  SourceRange Range = Call.getSourceRange();
  if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID())
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

std::optional<TextEdit> includeInsertion(FileID File, llvm::StringRef Header,
                                         const SourceManager &SM) {
  if (Header.empty())
    return std::nullopt;
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(File, &Invalid);
  if (Invalid)
    return std::nullopt;
  llvm::StringRef Bare = Header.trim("<>\"");
  size_t InsertAt = 0;
  bool QuoteStyle = false;
  size_t Offset = 0;
  while (Offset < Buffer.size()) {
    size_t End = Buffer.find('\n', Offset);
    if (End == llvm::StringRef::npos)
      End = Buffer.size();
    llvm::StringRef Line = Buffer.slice(Offset, End).ltrim();
    if (Line.consume_front("#")) {
      Line = Line.ltrim();
      if (Line.consume_front("include")) {
        Line = Line.trim();
        llvm::StringRef Name = Line.trim("<>\"");
        if (Name.starts_with(Bare) || Name.starts_with("corio/corio.hpp"))
          return std::nullopt; // already there
        if (Name.starts_with("corio/"))
          QuoteStyle = Line.starts_with("\"");
        InsertAt = std::min(End + 1, Buffer.size());
      }
    }
    Offset = End + 1;
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
