//===- FixIts.cpp ---------------------------------------------------------===//
#include "FixIts.h"
#include "CoroutineWalker.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>
#include <map>
#include <tuple>

using namespace clang;

namespace corolint {

std::vector<std::string> FixOptions::parseList(llvm::StringRef Text) {
  return ClassifierOptions::parseNameList(Text);
}

namespace {

/// A stretch of one file's text, in byte offsets.
struct FileSpan {
  FileID File;
  unsigned Begin = 0, End = 0;

  bool contains(const FileSpan &O) const {
    return File == O.File && Begin <= O.Begin && O.End <= End;
  }
};

/// A rewrite already decided inside a call's text: a nested call's fix.
struct InnerEdit {
  FileSpan Span;
  std::string Text;
  std::vector<std::string> Headers;
};

/// The rewrite of one call, before it becomes a FixIt.
struct Rewrite {
  std::string Text;
  std::vector<std::string> Headers;
};

} // namespace

/// The file text R covers, if it is one stretch of one file. An argument that
/// is a whole macro use (`MSG_NOSIGNAL`) is fine; text that does not map to
/// one stretch of a file (part of a macro's expansion) is not.
static std::optional<FileSpan> fileSpan(SourceRange R, const ASTContext &Ctx) {
  if (R.isInvalid())
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange File =
      Lexer::makeFileCharRange(CharSourceRange::getTokenRange(R), SM, Ctx.getLangOpts());
  if (File.isInvalid())
    return std::nullopt;
  auto [BeginFile, Begin] = SM.getDecomposedLoc(File.getBegin());
  auto [EndFile, End] = SM.getDecomposedLoc(File.getEnd());
  if (BeginFile != EndFile || End <= Begin)
    return std::nullopt;
  return FileSpan{BeginFile, Begin, End};
}

static llvm::StringRef bufferOf(FileID File, const SourceManager &SM) {
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(File, &Invalid);
  return Invalid ? llvm::StringRef() : Buffer;
}

/// The text of Span with the inner rewrites inside it applied (each marked
/// in Used); nullopt if one straddles its border or the text is unreadable.
static std::optional<std::string> textWithEdits(const FileSpan &Span,
                                                llvm::ArrayRef<InnerEdit> Inner,
                                                llvm::MutableArrayRef<bool> Used,
                                                const SourceManager &SM) {
  llvm::StringRef Buffer = bufferOf(Span.File, SM);
  if (Buffer.size() < Span.End)
    return std::nullopt;
  std::string Out;
  unsigned Pos = Span.Begin;
  for (size_t I = 0; I < Inner.size(); ++I) { // sorted, disjoint
    const FileSpan &E = Inner[I].Span;
    if (E.File != Span.File || E.End <= Span.Begin || E.Begin >= Span.End)
      continue;
    if (!Span.contains(E))
      return std::nullopt;
    Out += Buffer.slice(Pos, E.Begin);
    Out += Inner[I].Text;
    Pos = E.End;
    Used[I] = true;
  }
  Out += Buffer.slice(Pos, Span.End);
  return Out;
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

/// True if every value of the integer type From is one of To.
static bool keepsEveryValue(QualType From, QualType To, const ASTContext &Ctx) {
  if (To->isBooleanType())
    return From->isBooleanType();
  const unsigned FromWidth = Ctx.getIntWidth(From), ToWidth = Ctx.getIntWidth(To);
  const bool FromSigned = From->isSignedIntegerOrEnumerationType();
  const bool ToSigned = To->isSignedIntegerOrEnumerationType();
  if (FromSigned == ToSigned)
    return FromWidth <= ToWidth;
  return !FromSigned && FromWidth < ToWidth; // signed to unsigned loses negatives
}

/// Argument Arg's text as the callee receives it. Where the conversion to the
/// parameter's type can change the value (a floating value is truncated, a
/// negative or wider integer wraps) it is written out as a static_cast to
/// that type, so that a template handing the text to something else
/// (`std::chrono::seconds($0)`, whose constructor rejects a double) passes
/// the same value. Nullopt where the conversion is a class's own.
static std::optional<std::string> asReceived(const Expr &Arg, std::string Text,
                                             const ASTContext &Ctx) {
  // The call's argument has the parameter's type (after the conversion).
  QualType To = Arg.getType().getCanonicalType().getUnqualifiedType();
  if (!To->isArithmeticType())
    return Text;
  const Expr *Source = Arg.IgnoreImpCasts();
  QualType From = Source->getType().getCanonicalType().getUnqualifiedType();
  if (From == To)
    return Text;
  if (!From->isScalarType())
    return std::nullopt; // a conversion function: not written out
  if (From->isIntegralOrUnscopedEnumerationType() && To->isIntegerType()) {
    if (keepsEveryValue(From, To, Ctx))
      return Text;
    Expr::EvalResult R;
    if (!Source->isValueDependent() && Source->EvaluateAsInt(R, Ctx)) {
      llvm::APSInt V = R.Val.getInt();
      llvm::APSInt Converted = V.extOrTrunc(Ctx.getIntWidth(To));
      Converted.setIsSigned(To->isSignedIntegerOrEnumerationType());
      if (!To->isBooleanType() && llvm::APSInt::isSameValue(V, Converted))
        return Text; // a constant that fits: `sleep(1)`
    }
  }
  return "static_cast<" + To.getAsString(Ctx.getPrintingPolicy()) + ">(" + Text + ")";
}

/// Expands a rewrite template over the call's arguments, with the inner
/// rewrites applied to their text. Kept gets the spans of the call's text
/// that the expansion keeps. Nullopt if an argument is missing, if an
/// argument with side effects would be evaluated twice or not at all, or if
/// an inner rewrite would be lost.
static std::optional<std::string> expand(llvm::StringRef Template, const Expr &Call,
                                         ASTContext &Ctx, llvm::ArrayRef<InnerEdit> Inner,
                                         llvm::MutableArrayRef<bool> Used,
                                         llvm::SmallVectorImpl<FileSpan> &Kept) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto Args = writtenArguments(Call);
  auto TextOf = [&](SourceRange R) -> std::optional<std::string> {
    std::optional<FileSpan> Span = fileSpan(R, Ctx);
    if (!Span)
      return std::nullopt;
    Kept.push_back(*Span);
    return textWithEdits(*Span, Inner, Used, SM);
  };
  std::string Out;
  llvm::SmallVector<unsigned, 8> Uses(Args.size(), 0);
  for (size_t I = 0; I < Template.size(); ++I) {
    if (Template[I] != '$' || I + 1 >= Template.size()) {
      Out += Template[I];
      continue;
    }
    const char Next = Template[I + 1];
    std::optional<std::string> Text;
    if (Next == '*' && I + 2 < Template.size() && llvm::isDigit(Template[I + 2])) {
      // `$*0`: the pointee of argument 0 (`&ts` is `ts`, `p` is `*(p)`).
      const unsigned N = Template[I + 2] - '0';
      if (N >= Args.size())
        return std::nullopt;
      const Expr *E = Args[N]->IgnoreParenImpCasts();
      if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf) {
        Text = TextOf(U->getSubExpr()->getSourceRange());
      } else {
        Text = TextOf(Args[N]->getSourceRange());
        if (Text)
          Text = "*(" + *Text + ")";
      }
      ++Uses[N];
      I += 2;
    } else if (Next == '*') {
      // `$*`: all arguments, as written, for an awaitable with the same
      // parameters as the call.
      I += 1;
      if (Args.empty())
        continue;
      Text = TextOf(SourceRange(Args.front()->getBeginLoc(), Args.back()->getEndLoc()));
      for (unsigned &U : Uses)
        ++U;
    } else if (llvm::isDigit(Next)) {
      const unsigned N = Next - '0';
      if (N >= Args.size())
        return std::nullopt;
      Text = TextOf(Args[N]->getSourceRange());
      if (Text)
        Text = asReceived(*Args[N], std::move(*Text), Ctx);
      ++Uses[N];
      I += 1;
    } else {
      Out += Template[I];
      continue;
    }
    if (!Text)
      return std::nullopt;
    // Followed by `.`, `->`, `[` or `(`, the text must be one operand.
    llvm::StringRef After = Template.drop_front(I + 1).ltrim();
    if (!After.empty() && llvm::StringRef(".-[(").contains(After.front()))
      Text = "(" + *Text + ")";
    Out += *Text;
  }
  for (unsigned N = 0; N < Args.size(); ++N)
    if (Uses[N] != 1 && Args[N]->HasSideEffects(Ctx))
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
/// awaitables (by default corio::task), also as a template's pattern
/// (`corio::task<T>`).
static bool canAwaitRewrites(const FunctionDecl &Coroutine, const FixOptions &Options) {
  QualType T = Coroutine.getReturnType();
  const NamedDecl *Type = T->getAsCXXRecordDecl();
  if (!Type)
    if (const auto *TST = T->getAs<TemplateSpecializationType>())
      Type = TST->getTemplateName().getAsTemplateDecl();
  return Type && llvm::is_contained(Options.CoroutineTypes, qualifiedName(*Type));
}

/// True if FD is, or is written inside, an instantiation of a template: its
/// text is the pattern's, shared by every instantiation.
static bool isInInstantiation(const FunctionDecl &FD) {
  for (const DeclContext *DC = &FD; DC; DC = DC->getParent()) {
    if (const auto *Fn = dyn_cast<FunctionDecl>(DC)) {
      if (Fn->isTemplateInstantiation() || Fn->getTemplateInstantiationPattern())
        return true;
    } else if (const auto *RD = dyn_cast<CXXRecordDecl>(DC)) {
      if (RD->getTemplateInstantiationPattern())
        return true;
    }
  }
  return false;
}

/// True if the call may be constant-evaluated: it calls a constexpr (or
/// consteval) function and can be evaluated as a constant (or, in a
/// template's pattern, might be). It may then be in a constant expression
/// (`constexpr int n = f();`), where co_await cannot go, and with these
/// arguments it does not block anyway.
static bool mayBeConstantEvaluated(const Expr &Call, const ASTContext &Ctx) {
  const auto *CE = dyn_cast<CallExpr>(&Call);
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  if (!Callee || !(Callee->isConstexpr() || Callee->isConsteval()) ||
      Call.getType()->isVoidType())
    return false;
  if (Call.isValueDependent())
    return true;
  Expr::EvalResult R;
  return Call.EvaluateAsRValue(R, Ctx, /*InConstantContext=*/true);
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

/// True if Loc was written as (part of) the expansion of the macro `errno`.
static bool isInErrnoMacro(SourceLocation Loc, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (unsigned Depth = 0; Loc.isMacroID() && Depth < 16; ++Depth) {
    if (Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts()) == "errno")
      return true;
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return false;
}

/// Why the call's text cannot move into a lambda that runs on another
/// thread, or "" if it can: a co_await or co_yield among its arguments (the
/// lambda is not a coroutine), or a value that differs there (__func__ and
/// std::source_location name the lambda; errno and thread_local variables
/// are the pool thread's).
static llvm::StringRef whyNotMovable(const Expr &Call, const ASTContext &Ctx) {
  llvm::SmallVector<const Stmt *, 32> Work{&Call};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (isa<CoroutineSuspendExpr>(S) || isa<DependentCoawaitExpr>(S))
      return "co_await";
    if (isa<PredefinedExpr>(S) || isa<SourceLocExpr>(S))
      return "function name";
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
          VD && VD->getTLSKind() != VarDecl::TLS_None)
        return "thread_local";
    if (isa<CallExpr>(S) || isa<DeclRefExpr>(S))
      if (S->getBeginLoc().isMacroID() && isInErrnoMacro(S->getBeginLoc(), Ctx))
        return "errno";
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      // Its body is code of its own; its captures are evaluated here.
      for (const Expr *Init : Lambda->capture_inits())
        Work.push_back(Init);
      continue;
    }
    if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(S)) {
      Work.push_back(Default->getExpr());
      continue;
    }
    if (const auto *Default = dyn_cast<CXXDefaultInitExpr>(S)) {
      Work.push_back(Default->getExpr());
      continue;
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return "";
}

/// True if a value of type T can be returned from the offloaded lambda and
/// stored by corio::offload (which moves it): not a class whose move (or,
/// without one, copy) constructor is deleted or inaccessible.
static bool isMovable(QualType T) {
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return !T->isArrayType();
  RD = RD->getDefinition();
  bool DeclaredMove = false, UsableMove = false, DeclaredCopy = false, UsableCopy = false;
  for (const CXXConstructorDecl *Ctor : RD->ctors()) {
    const bool Usable = !Ctor->isDeleted() && Ctor->getAccess() == AS_public;
    if (Ctor->isMoveConstructor()) {
      DeclaredMove = true;
      UsableMove |= Usable;
    } else if (Ctor->isCopyConstructor()) {
      DeclaredCopy = true;
      UsableCopy |= Usable;
    }
  }
  if (DeclaredMove)
    return UsableMove;
  if (RD->needsImplicitMoveConstructor())
    return !RD->defaultedMoveConstructorIsDeleted();
  if (DeclaredCopy)
    return UsableCopy;
  return RD->needsImplicitCopyConstructor() && !RD->defaultedCopyConstructorIsDeleted();
}

/// True if `co_await <rewrite>` put where Span is needs parentheses: the
/// next token would otherwise apply to the awaitable (`co_await X.size()` is
/// `co_await (X.size())`). Only tokens that end a unary expression or start
/// a binary operator are safe; anything else (postfix `.`, `->`, `[`, `(`,
/// `++`, `--`, or a macro name) gets them.
static bool needsParentheses(SourceLocation CallEnd, const ASTContext &Ctx) {
  std::optional<Token> Next =
      Lexer::findNextToken(CallEnd, Ctx.getSourceManager(), Ctx.getLangOpts());
  if (!Next)
    return true;
  switch (Next->getKind()) {
  case tok::semi: case tok::comma: case tok::r_paren: case tok::r_square:
  case tok::r_brace: case tok::colon: case tok::question: case tok::eof:
  case tok::equal: case tok::plusequal: case tok::minusequal: case tok::starequal:
  case tok::slashequal: case tok::percentequal: case tok::ampequal: case tok::pipeequal:
  case tok::caretequal: case tok::lesslessequal: case tok::greatergreaterequal:
  case tok::equalequal: case tok::exclaimequal: case tok::less: case tok::greater:
  case tok::lessequal: case tok::greaterequal: case tok::spaceship:
  case tok::plus: case tok::minus: case tok::star: case tok::slash: case tok::percent:
  case tok::amp: case tok::pipe: case tok::caret: case tok::ampamp: case tok::pipepipe:
  case tok::lessless: case tok::greatergreater: case tok::periodstar: case tok::arrowstar:
    return false;
  default:
    return true;
  }
}

/// True if a preprocessor directive starts in the call's text outside the
/// stretches the rewrite keeps (`usleep(\n#if FAST\n 10\n#else\n 1000\n#endif\n)`
/// keeps only `1000`): the rewrite would drop the other configurations.
static bool dropsADirective(const FileSpan &Call, llvm::ArrayRef<FileSpan> Kept,
                            const SourceManager &SM) {
  llvm::StringRef Buffer = bufferOf(Call.File, SM);
  if (Buffer.size() < Call.End)
    return true;
  for (unsigned Pos = Call.Begin; Pos < Call.End; ++Pos) {
    if (Buffer[Pos] != '#')
      continue;
    if (llvm::any_of(Kept, [&](const FileSpan &K) {
          return K.File == Call.File && K.Begin <= Pos && Pos < K.End;
        }))
      continue;
    size_t LineStart = Buffer.rfind('\n', Pos);
    LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
    if (Buffer.slice(LineStart, Pos).trim(" \t").empty())
      return true;
  }
  return false;
}

/// The rewrite of F's call, with the rewrites of the findings nested in its
/// arguments (Inner, sorted) applied; nullopt where no fix would be correct.
static std::optional<Rewrite> rewriteOf(const BlockingCallFinding &F, ASTContext &Ctx,
                                        const FixOptions &Options,
                                        llvm::ArrayRef<InnerEdit> Inner) {
  // Where co_await cannot go, or there is no text of the call to edit.
  if (F.Context.InCatch || F.Context.InStaticInit || F.Context.InInlineLambda ||
      F.Context.Implicit || !F.Call)
    return std::nullopt;
  const Expr &Call = *F.Call;
  // In a template's pattern, a call whose type depends on the template's
  // parameters may be another call in each instantiation. One that does not
  // (a value-dependent argument, a member of the class template) has the
  // same callee, type and text in all of them: the checks below that look
  // at argument values answer "no fix" when they cannot tell.
  if (!isa<CallExpr>(Call) || Call.isTypeDependent() ||
      Call.containsUnexpandedParameterPack() || Call.containsErrors())
    return std::nullopt;
  // An instantiation's text is its pattern's: the pattern decides (FixPlan).
  if (isInInstantiation(*F.Coroutine))
    return std::nullopt;
  SourceRange Range = Call.getSourceRange();
  if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID())
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  // A call whose tokens come from two files (an #include between them) is
  // not one stretch of text: no edit can replace it.
  if (SM.getFileID(Range.getBegin()) != SM.getFileID(Range.getEnd()))
    return std::nullopt;
  std::optional<FileSpan> CallSpan = fileSpan(Range, Ctx);
  if (!CallSpan)
    return std::nullopt;
  // The call must be written in the coroutine's body: a default argument or
  // a default member initializer is written at a declaration, where
  // co_await cannot go and which other callers share.
  const Stmt *Body = userBody(*F.Coroutine);
  SourceRange BodyRange = Body ? Body->getSourceRange() : SourceRange();
  // A function-try-block's body is a block Sema made, without a location,
  // around the try statement.
  if (const auto *Block = dyn_cast_or_null<CompoundStmt>(Body);
      Block && BodyRange.isInvalid() && !Block->body_empty())
    BodyRange = SourceRange(Block->body_front()->getBeginLoc(), Block->body_back()->getEndLoc());
  std::optional<FileSpan> BodySpan = fileSpan(BodyRange, Ctx);
  if (!BodySpan || !BodySpan->contains(*CallSpan))
    return std::nullopt;
  if (!canAwaitRewrites(*F.Coroutine, Options))
    return std::nullopt;
  if (mayBeConstantEvaluated(Call, Ctx))
    return std::nullopt;

  std::string Api = F.What.Api ? std::string(F.What.Api->Name) : F.What.Name;
  const ApiRewrite *Default = F.What.Api ? defaultRewriteFor(F.What.Api->Name) : nullptr;
  llvm::SmallVector<bool, 4> Used(Inner.size(), false);
  llvm::SmallVector<FileSpan, 4> Kept;
  std::optional<Rewrite> R;
  auto Direct = [&](llvm::StringRef Template, std::string Header) {
    if (std::optional<std::string> Text = expand(Template, Call, Ctx, Inner, Used, Kept))
      R = Rewrite{std::move(*Text), {std::move(Header)}};
  };
  bool Replaced = false;
  for (const auto &[Name, Template] : Options.Replacements) {
    if (Name == Api || Name == F.What.Name) {
      RewriteWhen When = Default ? Default->When : RewriteWhen::ResultUnused;
      if (!conditionHolds(When, F, Ctx))
        return std::nullopt;
      Direct(Template, Options.ReplacementHeader);
      if (!R)
        return std::nullopt;
      Replaced = true;
      break;
    }
  }
  if (!Replaced && Default && conditionHolds(Default->When, F, Ctx))
    Direct(Default->Template, std::string("<") + Default->Header + ">");
  if (R) {
    // Every inner rewrite must be in the text kept, and nothing but
    // punctuation and names dropped.
    if (llvm::is_contained(Used, false) || dropsADirective(*CallSpan, Kept, SM))
      return std::nullopt;
    for (size_t I = 0; I < Inner.size(); ++I)
      R->Headers.insert(R->Headers.end(), Inner[I].Headers.begin(), Inner[I].Headers.end());
  } else if (Options.OffloadFixes) {
    // Run the call on corio's thread pool and await it; the calls nested in
    // its arguments go with it (their rewrites are not applied: a co_await
    // cannot be in the lambda). A call returning a reference keeps returning
    // one.
    if (F.What.Api && F.What.Api->bindsCallingThread())
      return std::nullopt; // a lock or a condition variable's wait
    if (!whyNotMovable(Call, Ctx).empty())
      return std::nullopt;
    std::optional<std::string> Text = textWithEdits(*CallSpan, {}, {}, SM);
    if (!Text)
      return std::nullopt;
    std::string Lambda;
    if (F.Context.ResultUnused)
      Lambda = "[&] { " + *Text + "; }";
    else if (Call.isXValue() || (Call.isPRValue() && !Call.getType()->isVoidType() &&
                                 !isMovable(Call.getType())))
      return std::nullopt; // corio::offload cannot hold the result
    else if (Call.isLValue())
      Lambda = "[&]() -> decltype(auto) { return " + *Text + "; }";
    else
      Lambda = "[&] { return " + *Text + "; }";
    R = Rewrite{"co_await corio::offload(" + Lambda + ")",
                {std::string("<") + OffloadHeader + ">"}};
  }
  if (!R)
    return std::nullopt;

  // `co_await X` is a unary expression: a postfix operator after the call
  // would bind to X.
  if (needsParentheses(Range.getEnd(), Ctx))
    R->Text = "(" + R->Text + ")";
  // `return::recv(...)` must not become `returnco_await ...`.
  llvm::StringRef Buffer = bufferOf(CallSpan->File, SM);
  if (CallSpan->Begin > 0 && CallSpan->Begin <= Buffer.size() &&
      (llvm::isAlnum(Buffer[CallSpan->Begin - 1]) || Buffer[CallSpan->Begin - 1] == '_'))
    R->Text = " " + R->Text;
  llvm::sort(R->Headers);
  R->Headers.erase(std::unique(R->Headers.begin(), R->Headers.end()), R->Headers.end());
  std::erase(R->Headers, ""); // not llvm::erase: LLVM 16 lacks it
  return R;
}

static FixIt toFixIt(const FileSpan &Span, Rewrite R, const SourceManager &SM) {
  SourceLocation Begin = SM.getComposedLoc(Span.File, Span.Begin);
  SourceLocation End = SM.getComposedLoc(Span.File, Span.End);
  FixIt Fix;
  Fix.Edits.push_back({CharSourceRange::getCharRange(Begin, End), std::move(R.Text)});
  Fix.Headers = std::move(R.Headers);
  return Fix;
}

std::optional<FixIt> makeFixIt(const BlockingCallFinding &F, ASTContext &Ctx,
                               const FixOptions &Options) {
  std::optional<Rewrite> R = rewriteOf(F, Ctx, Options, {});
  if (!R)
    return std::nullopt;
  std::optional<FileSpan> Span = fileSpan(F.Call->getSourceRange(), Ctx);
  if (!Span)
    return std::nullopt;
  return toFixIt(*Span, std::move(*R), Ctx.getSourceManager());
}

FixPlan::FixPlan(llvm::ArrayRef<const BlockingCallFinding *> Findings, ASTContext &Ctx,
                 const FixOptions &Options) {
  const SourceManager &SM = Ctx.getSourceManager();
  // One site per stretch of text: a template's pattern and instantiations
  // share theirs.
  struct Site {
    FileSpan Span;
    const BlockingCallFinding *From = nullptr; ///< the finding the fix is made from
    llvm::SmallVector<const Expr *, 2> Calls;
    llvm::SmallVector<unsigned, 2> Children;
    bool HasParent = false;
    bool Tangled = false; ///< overlaps another site without nesting
    std::optional<Rewrite> Fix;
    /// The edits in this site's text if it is not fixed itself.
    std::vector<InnerEdit> Selected;
  };
  std::vector<Site> Sites;
  std::map<std::tuple<unsigned, unsigned, unsigned>, unsigned> SiteOf;
  for (const BlockingCallFinding *F : Findings) {
    if (!F || !F->Call)
      continue;
    std::optional<FileSpan> Span = fileSpan(F->Call->getSourceRange(), Ctx);
    if (!Span)
      continue; // no fix, and it holds none
    auto [It, New] =
        SiteOf.try_emplace({Span->File.getHashValue(), Span->Begin, Span->End}, Sites.size());
    if (New) {
      Sites.emplace_back();
      Sites.back().Span = *Span;
    }
    Site &S = Sites[It->second];
    S.Calls.push_back(F->Call);
    if (!S.From && !isInInstantiation(*F->Coroutine))
      S.From = F;
  }

  // By file, then begin, then end descending: every site comes after the
  // sites whose text contains it.
  std::vector<unsigned> Order(Sites.size());
  for (unsigned I = 0; I < Order.size(); ++I)
    Order[I] = I;
  llvm::sort(Order, [&](unsigned A, unsigned B) {
    const FileSpan &X = Sites[A].Span, &Y = Sites[B].Span;
    return std::make_tuple(X.File.getHashValue(), X.Begin, -static_cast<long long>(X.End)) <
           std::make_tuple(Y.File.getHashValue(), Y.Begin, -static_cast<long long>(Y.End));
  });
  llvm::SmallVector<unsigned, 8> Open;
  for (unsigned I : Order) {
    Site &S = Sites[I];
    while (!Open.empty() && !Sites[Open.back()].Span.contains(S.Span)) {
      Site &Top = Sites[Open.back()];
      if (Top.Span.File == S.Span.File && S.Span.Begin < Top.Span.End)
        Top.Tangled = S.Tangled = true; // only macros can do this
      Open.pop_back();
    }
    if (!Open.empty()) {
      Sites[Open.back()].Children.push_back(I);
      S.HasParent = true;
    }
    Open.push_back(I);
  }

  // Inner sites first: a site's rewrite keeps its arguments' text with the
  // rewrites of the calls in it applied.
  for (auto It = Order.rbegin(); It != Order.rend(); ++It) {
    Site &S = Sites[*It];
    std::vector<InnerEdit> Inner;
    for (unsigned C : S.Children)
      for (InnerEdit &E : Sites[C].Selected)
        Inner.push_back(std::move(E));
    llvm::sort(Inner, [](const InnerEdit &A, const InnerEdit &B) {
      return A.Span.Begin < B.Span.Begin;
    });
    if (S.From && !S.Tangled)
      S.Fix = rewriteOf(*S.From, Ctx, Options, Inner);
    if (S.Fix)
      S.Selected = {InnerEdit{S.Span, S.Fix->Text, S.Fix->Headers}};
    else
      S.Selected = std::move(Inner);
  }

  // The outermost site with a fix gets it; the sites inside it are part of it.
  struct Item {
    unsigned Site;
    int Covering; ///< the fix of the site around it, or -1
  };
  llvm::SmallVector<Item, 16> Work;
  for (unsigned I = 0; I < Sites.size(); ++I)
    if (!Sites[I].HasParent)
      Work.push_back({I, -1});
  while (!Work.empty()) {
    auto [Index, Covering] = Work.pop_back_val();
    Site &S = Sites[Index];
    if (Covering < 0 && S.Fix) {
      Covering = static_cast<int>(Fixes.size());
      for (const Expr *Call : S.Calls)
        FixOfCall[Call] = Fixes.size();
      Fixes.push_back(toFixIt(S.Span, std::move(*S.Fix), SM));
    }
    if (Covering >= 0)
      for (const Expr *Call : S.Calls)
        CoveringFix[Call] = static_cast<unsigned>(Covering);
    for (unsigned C : S.Children)
      Work.push_back({C, Covering});
  }
}

const FixIt *FixPlan::fixFor(const BlockingCallFinding &F) const {
  auto It = FixOfCall.find(F.Call);
  return It == FixOfCall.end() ? nullptr : &Fixes[It->second];
}

const FixIt *FixPlan::fixCovering(const BlockingCallFinding &F) const {
  auto It = CoveringFix.find(F.Call);
  return It == CoveringFix.end() ? nullptr : &Fixes[It->second];
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
