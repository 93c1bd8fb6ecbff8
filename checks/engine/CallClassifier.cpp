//===- CallClassifier.cpp -------------------------------------------------===//
#include "CallClassifier.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"

using namespace clang;

namespace corolint {

static llvm::StringRef normalizeName(llvm::StringRef Name) {
  Name = Name.trim();
  Name.consume_front("::");
  return Name;
}

static void splitList(llvm::StringRef Text,
                      llvm::SmallVectorImpl<llvm::StringRef> &Out) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Text.split(Parts, ';', -1, false);
  for (llvm::StringRef Part : Parts) {
    // Commas separate entries too, except inside a suggestion's parentheses.
    int Depth = 0;
    size_t Start = 0;
    for (size_t I = 0; I < Part.size(); ++I) {
      char Ch = Part[I];
      if (Ch == '(' || Ch == '<')
        ++Depth;
      else if ((Ch == ')' || Ch == '>') && Depth > 0)
        --Depth;
      else if (Ch == ',' && Depth == 0) {
        Out.push_back(Part.slice(Start, I).trim());
        Start = I + 1;
      }
    }
    Out.push_back(Part.substr(Start).trim());
  }
  llvm::erase_if(Out, [](llvm::StringRef S) { return S.empty(); });
}

std::vector<std::pair<std::string, std::string>>
ClassifierOptions::parseBlockingFunctions(llvm::StringRef Text) {
  llvm::SmallVector<llvm::StringRef, 8> Entries;
  splitList(Text, Entries);
  std::vector<std::pair<std::string, std::string>> Result;
  for (llvm::StringRef Entry : Entries) {
    auto [Name, Suggestion] = Entry.split('=');
    Result.emplace_back(normalizeName(Name).str(), Suggestion.trim().str());
  }
  return Result;
}

std::vector<std::string> ClassifierOptions::parseNameList(llvm::StringRef Text) {
  llvm::SmallVector<llvm::StringRef, 8> Entries;
  splitList(Text, Entries);
  std::vector<std::string> Result;
  for (llvm::StringRef Entry : Entries)
    Result.push_back(normalizeName(Entry).str());
  return Result;
}

std::string qualifiedName(const NamedDecl &D) {
  llvm::SmallVector<llvm::StringRef, 6> Parts;
  std::string Storage; // for names that are not plain identifiers
  if (D.getDeclName().isIdentifier())
    Parts.push_back(D.getName());
  else {
    Storage = D.getDeclName().getAsString();
    Parts.push_back(Storage);
  }
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline())
        continue;
      Parts.push_back(NS->isAnonymousNamespace() ? llvm::StringRef("(anonymous)")
                                                 : NS->getName());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      Parts.push_back(RD->getName());
    } else if (const auto *FD = dyn_cast<FunctionDecl>(DC)) {
      if (FD->getDeclName().isIdentifier())
        Parts.push_back(FD->getName());
    }
  }
  std::string Result;
  for (llvm::StringRef Part : llvm::reverse(Parts)) {
    if (!Result.empty())
      Result += "::";
    Result += Part;
  }
  return Result;
}

CallClassifier::CallClassifier(ClassifierOptions Opts) : Options(std::move(Opts)) {
  for (const BlockingApi &Api : blockingApiTable()) {
    llvm::StringRef Name(Api.Name);
    if (Name.consume_front("{asio}")) {
      ByName[("asio" + Name).str()].push_back(&Api);
      ByName[("boost::asio" + Name).str()].push_back(&Api);
    } else {
      ByName[Name].push_back(&Api);
    }
  }
  for (size_t I = 0; I < Options.BlockingFunctions.size(); ++I)
    UserByName.try_emplace(Options.BlockingFunctions[I].first, static_cast<int>(I));
  for (const std::string &Name : Options.AllowedFunctions)
    Allowed.insert(Name);
  // Every listed name's last component: a member whose name is not among
  // them matches nothing, whatever class it is called on.
  auto AddLastComponent = [&](llvm::StringRef Qualified) {
    size_t Colons = Qualified.rfind("::");
    MemberNames.insert(Colons == llvm::StringRef::npos ? Qualified
                                                       : Qualified.substr(Colons + 2));
  };
  for (const auto &Entry : ByName)
    AddLastComponent(Entry.getKey());
  for (const auto &Entry : UserByName)
    AddLastComponent(Entry.getKey());
  for (const auto &Entry : Allowed)
    AddLastComponent(Entry.getKey());
}

static bool hasEffect(const FunctionDecl &FD, FunctionEffect::Kind Kind) {
  for (const FunctionEffectWithCondition &E : FD.getFunctionEffects())
    if (E.Effect.kind() == Kind)
      return true;
  return false;
}

bool CallClassifier::isDeclaredNonBlocking(const FunctionDecl &FD) {
  return hasEffect(FD, FunctionEffect::Kind::NonBlocking);
}

const CallClassifier::CalleeMatch &
CallClassifier::matchCallee(const FunctionDecl &FD,
                            const CXXRecordDecl *ObjectClass) {
  auto [It, Inserted] = Cache.try_emplace({&FD, ObjectClass});
  CalleeMatch &M = It->second;
  if (!Inserted)
    return M;

  // The names under which this callee may be listed: its own qualified name
  // and, for a member called on a derived or instantiated class, the class of
  // the object it is called on.
  // The object's class comes first: it is the name the user knows
  // (std::atomic::wait, not the library's std::__atomic_base::wait).
  llvm::SmallVector<std::string, 2> Keys;
  const bool IsC = FD.isExternC();
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD)) {
    if (ObjectClass && ObjectClass != MD->getParent() &&
        FD.getDeclName().isIdentifier())
      Keys.push_back(qualifiedName(*ObjectClass) + "::" + FD.getName().str());
  }
  if (IsC)
    Keys.push_back(FD.getName().str());
  else
    Keys.push_back(qualifiedName(FD));
  M.Name = Keys.back();

  for (const std::string &Key : Keys)
    if (Allowed.contains(Key))
      M.Allowed = true;
  if (isDeclaredNonBlocking(FD))
    M.Allowed = true;
  if (M.Allowed)
    return M;

  for (const std::string &Key : Keys) {
    auto Found = ByName.find(Key);
    if (Found == ByName.end())
      continue;
    for (const BlockingApi *Api : Found->second) {
      bool KindMatches = false;
      switch (Api->Kind) {
      case ApiKind::CFunction:
        KindMatches = IsC;
        break;
      case ApiKind::CxxFunction:
        KindMatches = !IsC && !isa<CXXMethodDecl>(FD);
        break;
      case ApiKind::Method:
        KindMatches = isa<CXXMethodDecl>(FD) && !isa<CXXConstructorDecl>(FD);
        break;
      case ApiKind::Constructor:
        KindMatches = isa<CXXConstructorDecl>(FD);
        break;
      }
      if (KindMatches) {
        M.Api = Api;
        M.Name = Key;
        break;
      }
    }
    if (M.Api)
      break;
  }
  if (!M.Api) {
    for (const std::string &Key : Keys) {
      auto Found = UserByName.find(Key);
      if (Found != UserByName.end()) {
        M.UserIndex = Found->second;
        M.Name = Key;
        break;
      }
    }
  }
  if (!M.Api && M.UserIndex < 0 && hasEffect(FD, FunctionEffect::Kind::Blocking))
    M.Attribute = true;
  return M;
}

bool CallClassifier::isAllowed(const FunctionDecl &FD) {
  if (Allowed.empty()) // asked of every function: no name to build
    return isDeclaredNonBlocking(FD);
  return matchCallee(FD, nullptr).Allowed;
}

//===----------------------------------------------------------------------===//
// Arguments
//===----------------------------------------------------------------------===//

static const Expr *strip(const Expr *E) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else if (const auto *S = dyn_cast<CXXStaticCastExpr>(E))
      E = S->getSubExpr();
    else
      return E;
  }
}

static std::optional<llvm::APSInt> constantInt(const Expr *E,
                                               const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->containsErrors())
    return std::nullopt;
  Expr::EvalResult R;
  if (E->EvaluateAsInt(R, Ctx))
    return R.Val.getInt();
  return std::nullopt;
}

/// `0s`, `0ms`, `seconds(0)`, `seconds{}`, `seconds::zero()`,
/// `duration<double>(0.0)`.
static bool isZeroDuration(const Expr *E, const ASTContext &Ctx) {
  E = strip(E);
  if (const auto *UDL = dyn_cast<UserDefinedLiteral>(E)) {
    switch (UDL->getLiteralOperatorKind()) {
    case UserDefinedLiteral::LOK_Integer:
    case UserDefinedLiteral::LOK_Floating: {
      const Expr *Cooked = UDL->getCookedLiteral();
      if (const auto *I = dyn_cast_or_null<IntegerLiteral>(Cooked))
        return I->getValue() == 0;
      if (const auto *F = dyn_cast_or_null<FloatingLiteral>(Cooked))
        return F->getValue().isZero();
      return false;
    }
    case UserDefinedLiteral::LOK_Template: {
      // std::chrono's literals are templates over the digits: 0s is
      // operator""s<'0'>().
      const FunctionDecl *Op = UDL->getDirectCallee();
      const TemplateArgumentList *Digits =
          Op ? Op->getTemplateSpecializationArgs() : nullptr;
      if (!Digits || Digits->size() != 1 ||
          Digits->get(0).getKind() != TemplateArgument::Pack)
        return false;
      bool AnyDigit = false;
      for (const TemplateArgument &D : Digits->get(0).pack_elements()) {
        if (D.getKind() != TemplateArgument::Integral)
          return false;
        int64_t Ch = D.getAsIntegral().getExtValue();
        if (Ch == '0' || Ch == '\'' || Ch == '.')
          AnyDigit |= Ch == '0';
        else
          return false;
      }
      return AnyDigit;
    }
    default:
      return false;
    }
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    if (Construct->getNumArgs() == 0)
      return Construct->getConstructor()->isDefaultConstructor() &&
             Construct->isListInitialization(); // seconds{} is zero
    if (Construct->getNumArgs() == 1)
      return isZeroDuration(Construct->getArg(0), Ctx);
    return false;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (const FunctionDecl *FD = Call->getDirectCallee())
      if (FD->getDeclName().isIdentifier() && FD->getName() == "zero")
        return true;
    return false;
  }
  if (E->getType()->isIntegerType())
    if (auto V = constantInt(E, Ctx))
      return V->isZero();
  if (E->getType()->isRealFloatingType() && !E->isValueDependent()) {
    llvm::APFloat F(0.0);
    if (E->EvaluateAsFloat(F, Ctx))
      return F.isZero();
  }
  return false;
}

static bool isLockTag(QualType T) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::string Name = qualifiedName(*RD);
  return Name == "std::defer_lock_t" || Name == "std::try_to_lock_t" ||
         Name == "std::adopt_lock_t";
}

namespace {
/// Where a stream argument points.
enum class StreamKind { Unknown, StdIn, StdOut, File, Memory };
}

static StreamKind classifyCFile(const Expr *E) {
  E = strip(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->getDeclName().isIdentifier() &&
          VD->getDeclContext()->getRedeclContext()->isTranslationUnit()) {
        llvm::StringRef N = VD->getName();
        if (N == "stdin")
          return StreamKind::StdIn;
        if (N == "stdout" || N == "stderr")
          return StreamKind::StdOut;
      }
  return StreamKind::File;
}

static StreamKind classifyFd(const Expr *E, const ASTContext &Ctx) {
  if (auto V = constantInt(E, Ctx)) {
    if (*V == 0)
      return StreamKind::StdIn;
    if (*V == 1 || *V == 2)
      return StreamKind::StdOut;
  }
  return StreamKind::File;
}

static StreamKind classifyCxxStream(const Expr *E) {
  E = strip(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      std::string Name = qualifiedName(*VD);
      if (Name == "std::cin" || Name == "std::wcin")
        return StreamKind::StdIn;
      if (Name == "std::cout" || Name == "std::cerr" || Name == "std::clog" ||
          Name == "std::wcout" || Name == "std::wcerr" || Name == "std::wclog")
        return StreamKind::StdOut;
    }
  }
  QualType T = E->getType().getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return StreamKind::Unknown;
  std::string Name = qualifiedName(*RD);
  if (Name == "std::basic_ifstream" || Name == "std::basic_ofstream" ||
      Name == "std::basic_fstream")
    return StreamKind::File;
  if (Name == "std::basic_istringstream" || Name == "std::basic_ostringstream" ||
      Name == "std::basic_stringstream" || Name == "std::basic_ispanstream" ||
      Name == "std::basic_ospanstream" || Name == "std::basic_spanstream")
    return StreamKind::Memory;
  return StreamKind::Unknown; // an istream& of unknown origin: stay quiet
}

/// The object a member call is made on, or null.
static const Expr *objectOf(const Expr &Call) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call))
    return MC->getImplicitObjectArgument();
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(&Call))
    if (OC->getNumArgs() > 0 && isa_and_nonnull<CXXMethodDecl>(OC->getDirectCallee()))
      return OC->getArg(0);
  return nullptr;
}

static const CXXRecordDecl *classOf(const Expr *Object) {
  if (!Object)
    return nullptr;
  // Past the derived-to-base cast, to the class the user named.
  QualType T = Object->IgnoreParenImpCasts()->getType().getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T->getAsCXXRecordDecl();
}

/// Arguments as written: for an operator that is a member, the object is
/// argument 0 of the CXXOperatorCallExpr but not a parameter.
static const Expr *argument(const Expr &Call, unsigned Index) {
  if (const auto *CE = dyn_cast<CallExpr>(&Call)) {
    unsigned Shift = 0;
    if (isa<CXXOperatorCallExpr>(CE) &&
        isa_and_nonnull<CXXMethodDecl>(CE->getDirectCallee()))
      Shift = 1;
    if (Index + Shift < CE->getNumArgs())
      return CE->getArg(Index + Shift);
    return nullptr;
  }
  if (const auto *CC = dyn_cast<CXXConstructExpr>(&Call))
    return Index < CC->getNumArgs() ? CC->getArg(Index) : nullptr;
  return nullptr;
}

static unsigned argumentCount(const Expr &Call) {
  unsigned N = 0;
  auto Count = [&](const Expr *A) {
    if (!isa<CXXDefaultArgExpr>(A))
      ++N;
  };
  if (const auto *CE = dyn_cast<CallExpr>(&Call))
    for (const Expr *A : CE->arguments())
      Count(A);
  else if (const auto *CC = dyn_cast<CXXConstructExpr>(&Call))
    for (const Expr *A : CC->arguments())
      Count(A);
  return N;
}

/// True if the arguments make this call one of the API's non-blocking forms.
static bool isNonBlockingForm(const BlockingApi &Api, const Expr &Call,
                              const FunctionDecl &Callee,
                              const ASTContext &Ctx) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&Callee)) {
    // Moving a stream or a lock opens or locks nothing.
    if (Ctor->isCopyOrMoveConstructor() || argumentCount(Call) == 0)
      return true;
  }
  const Expr *Arg = argument(Call, Api.ArgIndex);
  switch (Api.NonBlocking) {
  case NonBlockingWhen::Never:
    return false;
  case NonBlockingWhen::FlagSet:
    if (auto V = constantInt(Arg, Ctx))
      return (V->getExtValue() & Api.Value) == Api.Value;
    return false;
  case NonBlockingWhen::IntEquals:
    if (auto V = constantInt(Arg, Ctx))
      return V->getExtValue() == Api.Value;
    return false;
  case NonBlockingWhen::ZeroDuration:
    return Arg && isZeroDuration(Arg, Ctx);
  case NonBlockingWhen::ArgIsNotPath: {
    if (Callee.getNumParams() <= Api.ArgIndex)
      return true;
    QualType T = Callee.getParamDecl(Api.ArgIndex)->getType().getNonReferenceType();
    const auto *RD = T->getAsCXXRecordDecl();
    return !RD || qualifiedName(*RD) != "std::filesystem::path";
  }
  case NonBlockingWhen::NoArguments:
    return argumentCount(Call) == 0;
  case NonBlockingWhen::LockTagPassed:
    if (const auto *CC = dyn_cast<CXXConstructExpr>(&Call))
      for (const Expr *A : CC->arguments())
        if (isLockTag(A->getType()))
          return true;
    return false;
  }
  return false;
}

/// The category after looking at the stream, or nullopt if the call does not
/// block (a write to stdout, a read from a string stream).
static std::optional<Category> routeByStream(const BlockingApi &Api,
                                             const Expr &Call,
                                             const ASTContext &Ctx) {
  StreamKind Kind = StreamKind::File;
  switch (Api.Stream) {
  case StreamArg::None:
    return Api.TheCategory;
  case StreamArg::CFile:
    if (const Expr *A = argument(Call, Api.StreamIndex))
      Kind = classifyCFile(A);
    break;
  case StreamArg::Fd:
    if (const Expr *A = argument(Call, Api.StreamIndex))
      Kind = classifyFd(A, Ctx);
    break;
  case StreamArg::CxxStream: {
    const Expr *Stream = objectOf(Call);
    if (!Stream)
      Stream = argument(Call, Api.StreamIndex);
    if (!Stream)
      return std::nullopt;
    Kind = classifyCxxStream(Stream);
    break;
  }
  }
  switch (Kind) {
  case StreamKind::StdIn:
    if (Api.Dir == Direction::Read)
      return Category::Console;
    return std::nullopt;
  case StreamKind::StdOut:
  case StreamKind::Memory:
  case StreamKind::Unknown:
    return std::nullopt;
  case StreamKind::File:
    return Api.TheCategory;
  }
  return std::nullopt;
}

static const FunctionDecl *calleeOf(const Expr &Call) {
  if (const auto *CE = dyn_cast<CallExpr>(&Call))
    return CE->getDirectCallee();
  if (const auto *CC = dyn_cast<CXXConstructExpr>(&Call))
    return CC->getConstructor();
  return nullptr;
}

/// In a template, `sleep(n)` with a dependent `n` is an unresolved lookup;
/// it blocks if every candidate it can resolve to is the same blocking API.
static llvm::SmallVector<const FunctionDecl *, 4>
unresolvedCandidates(const Expr &Call) {
  llvm::SmallVector<const FunctionDecl *, 4> Result;
  const auto *CE = dyn_cast<CallExpr>(&Call);
  if (!CE || CE->getDirectCallee())
    return Result;
  const auto *ULE = dyn_cast<UnresolvedLookupExpr>(CE->getCallee()->IgnoreParenImpCasts());
  if (!ULE)
    return Result;
  for (const NamedDecl *D : ULE->decls()) {
    D = D->getUnderlyingDecl();
    if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
      D = FT->getTemplatedDecl();
    if (const auto *FD = dyn_cast<FunctionDecl>(D))
      Result.push_back(FD);
    else
      return {};
  }
  return Result;
}

std::optional<Classification> CallClassifier::classify(const Expr &Call,
                                                       ASTContext &Ctx) {
  if (Call.containsErrors())
    return std::nullopt;
  const FunctionDecl *Callee = calleeOf(Call);
  const CalleeMatch *M = nullptr;
  if (Callee) {
    // The class of the object matters only for a member listed somewhere
    // under its own name; working it out for every member call does not pay.
    const CXXRecordDecl *ObjectClass = nullptr;
    if (isa<CXXMethodDecl>(Callee) && Callee->getDeclName().isIdentifier() &&
        MemberNames.contains(Callee->getName()))
      ObjectClass = classOf(objectOf(Call));
    M = &matchCallee(*Callee, ObjectClass);
  } else {
    for (const FunctionDecl *Candidate : unresolvedCandidates(Call)) {
      const CalleeMatch &CM = matchCallee(*Candidate, nullptr);
      if (!CM.Api || (M && M->Api != CM.Api))
        return std::nullopt;
      M = &CM;
      Callee = Candidate;
    }
  }
  if (!M || M->Allowed || (!M->Api && M->UserIndex < 0 && !M->Attribute))
    return std::nullopt;

  Classification Result;
  Result.Callee = Callee;
  Result.Name = M->Name;
  if (M->Api) {
    const BlockingApi &Api = *M->Api;
    if (Api.MutexLock && !Options.FlagMutexLock)
      return std::nullopt;
    if (Call.isValueDependent() && Api.NonBlocking != NonBlockingWhen::Never)
      return std::nullopt; // the non-blocking form may depend on the template
    if (isNonBlockingForm(Api, Call, *Callee, Ctx))
      return std::nullopt;
    std::optional<Category> Cat = routeByStream(Api, Call, Ctx);
    if (!Cat)
      return std::nullopt;
    Result.TheCategory = *Cat;
    Result.Api = &Api;
    Result.Suggestion = Api.Suggestion;
    return Result;
  }
  if (M->UserIndex >= 0) {
    Result.TheCategory = Category::Call;
    Result.Suggestion = Options.BlockingFunctions[M->UserIndex].second;
    return Result;
  }
  if (M->Attribute) {
    Result.TheCategory = Category::Call;
    return Result;
  }
  return std::nullopt;
}

} // namespace corolint
