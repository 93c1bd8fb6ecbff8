//===- FixRewrite.cpp -----------------------------------------------------===//
#include "FixRewrite.h"
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

std::optional<FileSpan> fileSpan(SourceRange R, const ASTContext &Ctx) {
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
    if (isa<CXXOperatorCallExpr>(CE) && isa_and_nonnull<CXXMethodDecl>(CE->getDirectCallee()))
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
         E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
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

bool isInInstantiation(const FunctionDecl &FD) {
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
  if (!Callee || !(Callee->isConstexpr() || Callee->isConsteval()) || Call.getType()->isVoidType())
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

static bool conditionHolds(RewriteWhen When, const BlockingCallFinding &F, ASTContext &Ctx) {
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
  case tok::semi:
  case tok::comma:
  case tok::r_paren:
  case tok::r_square:
  case tok::r_brace:
  case tok::colon:
  case tok::question:
  case tok::eof:
  case tok::equal:
  case tok::plusequal:
  case tok::minusequal:
  case tok::starequal:
  case tok::slashequal:
  case tok::percentequal:
  case tok::ampequal:
  case tok::pipeequal:
  case tok::caretequal:
  case tok::lesslessequal:
  case tok::greatergreaterequal:
  case tok::equalequal:
  case tok::exclaimequal:
  case tok::less:
  case tok::greater:
  case tok::lessequal:
  case tok::greaterequal:
  case tok::spaceship:
  case tok::plus:
  case tok::minus:
  case tok::star:
  case tok::slash:
  case tok::percent:
  case tok::amp:
  case tok::pipe:
  case tok::caret:
  case tok::ampamp:
  case tok::pipepipe:
  case tok::lessless:
  case tok::greatergreater:
  case tok::periodstar:
  case tok::arrowstar:
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

/// The call's text if a co_await can replace it there: a call written in the
/// coroutine's body, outside a macro, a catch handler, a static initializer
/// or a lambda called in place, in a coroutine that can await the rewrites'
/// awaitables; nullopt otherwise.
static std::optional<FileSpan> rewritableSpan(const BlockingCallFinding &F, ASTContext &Ctx,
                                              const FixOptions &Options) {
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
  if (!isa<CallExpr>(Call) || Call.isTypeDependent() || Call.containsUnexpandedParameterPack() ||
      Call.containsErrors())
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
  return CallSpan;
}

namespace {
/// What the rewrite through a template (the user's replacement or the
/// runtime's equivalent) decided.
struct DirectRewrite {
  std::optional<Rewrite> Fix;
  /// No fix at all, not even an offload: the user's replacement for the API
  /// does not apply here, or the rewrite would lose an inner rewrite or
  /// another configuration's text.
  bool NoFix = false;
};
} // namespace

/// The call rewritten through its template: the user's replacement for the
/// API if there is one (which decides alone), else the runtime's equivalent
/// where its condition holds.
static DirectRewrite directRewrite(const BlockingCallFinding &F, ASTContext &Ctx,
                                   const FixOptions &Options, llvm::ArrayRef<InnerEdit> Inner,
                                   const FileSpan &CallSpan) {
  const Expr &Call = *F.Call;
  std::string Api = F.What.Api ? std::string(F.What.Api->Name) : F.What.Name;
  const ApiRewrite *Default = F.What.Api ? defaultRewriteFor(F.What.Api->Name) : nullptr;
  llvm::SmallVector<bool, 4> Used(Inner.size(), false);
  llvm::SmallVector<FileSpan, 4> Kept;
  DirectRewrite Result;
  auto Expand = [&](llvm::StringRef Template, std::string Header) {
    if (std::optional<std::string> Text = expand(Template, Call, Ctx, Inner, Used, Kept))
      Result.Fix = Rewrite{std::move(*Text), {std::move(Header)}};
  };
  auto Replacement = llvm::find_if(Options.Replacements, [&](const auto &NameAndTemplate) {
    return NameAndTemplate.first == Api || NameAndTemplate.first == F.What.Name;
  });
  if (Replacement != Options.Replacements.end()) {
    RewriteWhen When = Default ? Default->When : RewriteWhen::ResultUnused;
    if (conditionHolds(When, F, Ctx))
      Expand(Replacement->second, Options.ReplacementHeader);
    if (!Result.Fix) {
      Result.NoFix = true;
      return Result;
    }
  } else if (Default && conditionHolds(Default->When, F, Ctx)) {
    Expand(Default->Template, std::string("<") + Default->Header + ">");
  }
  if (!Result.Fix)
    return Result;
  // Every inner rewrite must be in the text kept, and nothing but
  // punctuation and names dropped.
  if (llvm::is_contained(Used, false) || dropsADirective(CallSpan, Kept, Ctx.getSourceManager())) {
    Result.Fix.reset();
    Result.NoFix = true;
    return Result;
  }
  for (const InnerEdit &E : Inner)
    Result.Fix->Headers.insert(Result.Fix->Headers.end(), E.Headers.begin(), E.Headers.end());
  return Result;
}

/// The call run on corio's thread pool and awaited; the calls nested in its
/// arguments go with it (their rewrites are not applied: a co_await cannot be
/// in the lambda). A call returning a reference keeps returning one.
static std::optional<Rewrite> offloadRewrite(const BlockingCallFinding &F, const ASTContext &Ctx,
                                             const FileSpan &CallSpan) {
  const Expr &Call = *F.Call;
  if (F.What.Api && F.What.Api->bindsCallingThread())
    return std::nullopt; // a lock or a condition variable's wait
  if (!whyNotMovable(Call, Ctx).empty())
    return std::nullopt;
  std::optional<std::string> Text = textWithEdits(CallSpan, {}, {}, Ctx.getSourceManager());
  if (!Text)
    return std::nullopt;
  std::string Lambda;
  if (F.Context.ResultUnused)
    Lambda = "[&] { " + *Text + "; }";
  else if (Call.isXValue() ||
           (Call.isPRValue() && !Call.getType()->isVoidType() && !isMovable(Call.getType())))
    return std::nullopt; // corio::offload cannot hold the result
  else if (Call.isLValue())
    Lambda = "[&]() -> decltype(auto) { return " + *Text + "; }";
  else
    Lambda = "[&] { return " + *Text + "; }";
  return Rewrite{"co_await corio::offload(" + Lambda + ")",
                 {std::string("<") + OffloadHeader + ">"}};
}

/// The rewrite fitted to where the call is: parenthesized if a postfix
/// operator follows, spaced from a keyword before it; its headers sorted,
/// each once.
static Rewrite fitInPlace(Rewrite R, const Expr &Call, const FileSpan &CallSpan,
                          const ASTContext &Ctx) {
  // `co_await X` is a unary expression: a postfix operator after the call
  // would bind to X.
  if (needsParentheses(Call.getSourceRange().getEnd(), Ctx))
    R.Text = "(" + R.Text + ")";
  // `return::recv(...)` must not become `returnco_await ...`.
  llvm::StringRef Buffer = bufferOf(CallSpan.File, Ctx.getSourceManager());
  if (CallSpan.Begin > 0 && CallSpan.Begin <= Buffer.size() &&
      (llvm::isAlnum(Buffer[CallSpan.Begin - 1]) || Buffer[CallSpan.Begin - 1] == '_'))
    R.Text = " " + R.Text;
  llvm::sort(R.Headers);
  R.Headers.erase(std::unique(R.Headers.begin(), R.Headers.end()), R.Headers.end());
  std::erase(R.Headers, ""); // not llvm::erase: LLVM 16 lacks it
  return R;
}

std::optional<Rewrite> rewriteOf(const BlockingCallFinding &F, ASTContext &Ctx,
                                 const FixOptions &Options, llvm::ArrayRef<InnerEdit> Inner) {
  std::optional<FileSpan> CallSpan = rewritableSpan(F, Ctx, Options);
  if (!CallSpan)
    return std::nullopt;
  DirectRewrite Direct = directRewrite(F, Ctx, Options, Inner, *CallSpan);
  if (Direct.NoFix)
    return std::nullopt;
  std::optional<Rewrite> R = std::move(Direct.Fix);
  if (!R && Options.OffloadFixes)
    R = offloadRewrite(F, Ctx, *CallSpan);
  if (!R)
    return std::nullopt;
  return fitInPlace(std::move(*R), *F.Call, *CallSpan, Ctx);
}

FixIt toFixIt(const FileSpan &Span, Rewrite R, const SourceManager &SM) {
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

} // namespace corolint
