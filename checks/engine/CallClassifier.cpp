//===- CallClassifier.cpp -------------------------------------------------===//
#include "CallClassifier.h"
#include "LlvmCompat.h"
#include "ValuesAtCall.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"

using namespace clang;

namespace corolint {

static llvm::StringRef normalizeName(llvm::StringRef Name) {
  Name = Name.trim();
  Name.consume_front("::");
  return Name;
}

static void splitList(llvm::StringRef Text, llvm::SmallVectorImpl<llvm::StringRef> &Out) {
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

std::string qualifiedName(const NamedDecl &D, bool KeepInlineNamespaces) {
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
      if (NS->isInline() && !KeepInlineNamespaces)
        continue;
      Parts.push_back(NS->isAnonymousNamespace() ? llvm::StringRef("(anonymous)") : NS->getName());
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
    MemberNames.insert(Colons == llvm::StringRef::npos ? Qualified : Qualified.substr(Colons + 2));
  };
  for (const auto &Entry : ByName)
    AddLastComponent(Entry.getKey());
  for (const auto &Entry : UserByName)
    AddLastComponent(Entry.getKey());
  for (const auto &Entry : Allowed)
    AddLastComponent(Entry.getKey());
  for (const char *Runner : callableRunners())
    Runners.insert(Runner);
}

bool CallClassifier::isDeclaredNonBlocking(const FunctionDecl &FD) {
  return compat::hasEffect(FD, compat::Effect::NonBlocking);
}

const CallClassifier::CalleeMatch &CallClassifier::matchCallee(const FunctionDecl &FD,
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
    if (ObjectClass && ObjectClass != MD->getParent() && FD.getDeclName().isIdentifier())
      Keys.push_back(qualifiedName(*ObjectClass) + "::" + FD.getName().str());
  }
  if (IsC)
    Keys.push_back(FD.getName().str());
  else
    Keys.push_back(qualifiedName(FD));
  M.Name = Keys.back();
  // The user's lists may spell a versioned library's inline namespace
  // (`db::v2::query` for `db::query`): both spellings match them.
  if (!IsC && (!UserByName.empty() || !Allowed.empty()))
    if (std::string Full = qualifiedName(FD, /*KeepInlineNamespaces=*/true); Full != M.Name)
      Keys.push_back(std::move(Full));

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
        KindMatches =
            isa<CXXMethodDecl>(FD) && !isa<CXXConstructorDecl>(FD) && !isa<CXXDestructorDecl>(FD);
        break;
      case ApiKind::Constructor:
        KindMatches = isa<CXXConstructorDecl>(FD);
        break;
      case ApiKind::Destructor:
        KindMatches = isa<CXXDestructorDecl>(FD);
        break;
      case ApiKind::FunctionObject: // matched by the object (functionObjectApi)
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
  if (!M.Api && M.UserIndex < 0 && compat::hasEffect(FD, compat::Effect::Blocking))
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

namespace {
/// What an argument is known to hold: its own value, or, for a variable that
/// nothing changes after its initialization (`int opts = WNOHANG;`,
/// `FILE *out = verbose ? stdout : stderr;`), its initializer's. Finding out
/// that a local is never changed takes a mutation analysis of its function,
/// so it is asked only when the initializer would change the answer.
class ArgumentValues {
public:
  ArgumentValues(ASTContext &Ctx, llvm::DenseMap<const VarDecl *, bool> &Unchanged,
                 MutationAnalyses &Mutations, const Expr &Call)
      : Ctx(Ctx), Call(Call), Mutations(Mutations), Unchanged(Unchanged) {}
  ASTContext &Ctx;
  /// The call whose arguments these are: a local's value is the one it may
  /// hold there (ValuesAtCall.h).
  const Expr &Call;
  MutationAnalyses &Mutations;

  /// The initializer of the variable E names, if it may keep that value.
  static const Expr *initializerOf(const Expr *E, const VarDecl *&Var) {
    const auto *Ref = E ? dyn_cast<DeclRefExpr>(strip(E)) : nullptr;
    Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var || !Var->getInit() || Var->getType()->isReferenceType())
      return nullptr;
    if (!Var->getType().isConstQualified() && (!Var->isLocalVarDecl() || Var->isStaticLocal()))
      return nullptr;
    return Var->getInit();
  }

  /// True if Var holds its initial value wherever it is used.
  bool keepsInitializer(const VarDecl &Var) const {
    if (Var.getType().isConstQualified())
      return true;
    auto [It, Inserted] = Unchanged.try_emplace(&Var, false);
    if (Inserted) {
      const auto *Fn = dyn_cast_or_null<FunctionDecl>(Var.getParentFunctionOrMethod());
      const Stmt *Body = Fn ? Fn->getBody() : nullptr;
      It->second = Body && !ExprMutationAnalyzer(*Body, Ctx).isMutated(&Var);
    }
    return It->second;
  }

  /// True if Holds(E), or Holds(the initializer) of a variable E names that
  /// keeps it.
  bool holds(const Expr *E, llvm::function_ref<bool(const Expr *)> Holds, int Depth = 0) const {
    if (!E || Depth > 8)
      return false;
    if (Holds(E))
      return true;
    // `c ? MSG_DONTWAIT : MSG_DONTWAIT | MSG_PEEK`: both arms.
    if (const auto *Cond = dyn_cast<ConditionalOperator>(strip(E)))
      return holds(Cond->getTrueExpr(), Holds, Depth + 1) &&
             holds(Cond->getFalseExpr(), Holds, Depth + 1);
    const auto *Ref = dyn_cast<DeclRefExpr>(strip(E));
    const auto *Local = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (Local && Local->isLocalVarDecl() && !Local->isStaticLocal() &&
        !Local->getType().isConstQualified()) {
      auto Values = valuesAtCall(*Local, Call, Mutations);
      return Values &&
             llvm::all_of(*Values, [&](const Expr *V) { return holds(V, Holds, Depth + 1); });
    }
    const VarDecl *Var = nullptr;
    const Expr *Init = initializerOf(E, Var);
    return Init && holds(Init, Holds, Depth + 1) && keepsInitializer(*Var);
  }

private:
  llvm::DenseMap<const VarDecl *, bool> &Unchanged;
};
} // namespace

static std::optional<llvm::APSInt> constantInt(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->containsErrors())
    return std::nullopt;
  Expr::EvalResult R;
  if (E->EvaluateAsInt(R, Ctx))
    return R.Val.getInt();
  return std::nullopt;
}

/// The bits certainly set in an integer argument: all of a constant's, and
/// for `flags | MSG_DONTWAIT` those of the constant side, whatever `flags` is.
static long long knownSetBits(const Expr *E, const ASTContext &Ctx, int Depth = 0) {
  if (!E || Depth > 16)
    return 0;
  if (auto V = constantInt(E, Ctx))
    return V->getExtValue();
  const Expr *S = E->IgnoreParenImpCasts();
  if (const auto *Or = dyn_cast<BinaryOperator>(S); Or && Or->getOpcode() == BO_Or)
    return knownSetBits(Or->getLHS(), Ctx, Depth + 1) | knownSetBits(Or->getRHS(), Ctx, Depth + 1);
  return 0;
}

/// A std::chrono duration's count, as the compiler evaluated it, is zero or less.
static bool isNonPositiveCount(const APValue &Count) {
  if (Count.isInt())
    return Count.getInt().isZero() || Count.getInt().isNegative();
  if (Count.isFloat())
    return Count.getFloat().isZero() || Count.getFloat().isNegative();
  return false;
}

/// A value of a duration type the compiler can work out (a named constant
/// `kPoll`, `0ms + 0s`): zero if its one member, the count, is.
static bool isNonPositiveConstantDuration(const Expr *E, const ASTContext &Ctx) {
  if (E->isValueDependent() || E->containsErrors() || !E->getType()->isRecordType())
    return false;
  Expr::EvalResult R;
  if (!E->EvaluateAsRValue(R, Ctx) || !R.Val.isStruct() || R.Val.getStructNumBases() != 0 ||
      R.Val.getStructNumFields() != 1)
    return false;
  return isNonPositiveCount(R.Val.getStructField(0));
}

/// A std::chrono::time_point the compiler can work out (`time_point{}`,
/// `time_point::min()`, a named constant) at or before its clock's epoch.
static bool isPastTimePoint(const Expr *E, const ASTContext &Ctx) {
  E = strip(E);
  if (E->isValueDependent() || E->containsErrors() || !E->getType()->isRecordType())
    return false;
  const auto *RD = E->getType()->getAsCXXRecordDecl();
  if (!RD || qualifiedName(*RD) != "std::chrono::time_point")
    return false;
  Expr::EvalResult R;
  if (!E->EvaluateAsRValue(R, Ctx) || !R.Val.isStruct() || R.Val.getStructNumFields() != 1)
    return false;
  const APValue &Since = R.Val.getStructField(0); // the duration since the epoch
  if (!Since.isStruct() || Since.getStructNumFields() != 1)
    return false;
  return isNonPositiveCount(Since.getStructField(0));
}

/// `0s`, `0ms`, `seconds(0)`, `seconds{}`, `seconds::zero()`,
/// `duration<double>(0.0)`, and named or computed constants of them.
static bool isNonPositiveDuration(const Expr *E, const ASTContext &Ctx, int Depth = 0) {
  if (Depth > 8)
    return false;
  if (isNonPositiveConstantDuration(E, Ctx))
    return true;
  E = strip(E);
  if (const auto *UDL = dyn_cast<UserDefinedLiteral>(E)) {
    switch (UDL->getLiteralOperatorKind()) {
    case UserDefinedLiteral::LOK_Integer:
    case UserDefinedLiteral::LOK_Floating: {
      const Expr *Cooked = UDL->getCookedLiteral();
      if (const auto *I = dyn_cast_or_null<IntegerLiteral>(Cooked))
        return I->getValue().isZero();
      if (const auto *F = dyn_cast_or_null<FloatingLiteral>(Cooked))
        return F->getValue().isZero();
      return false;
    }
    case UserDefinedLiteral::LOK_Template: {
      // std::chrono's literals are templates over the digits: 0s is
      // operator""s<'0'>().
      const FunctionDecl *Op = UDL->getDirectCallee();
      const TemplateArgumentList *Digits = Op ? Op->getTemplateSpecializationArgs() : nullptr;
      if (!Digits || Digits->size() != 1 || Digits->get(0).getKind() != TemplateArgument::Pack)
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
      return isNonPositiveDuration(Construct->getArg(0), Ctx, Depth + 1);
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
      return V->isZero() || V->isNegative();
  if (E->getType()->isRealFloatingType() && !E->isValueDependent()) {
    llvm::APFloat F(0.0);
    if (E->EvaluateAsFloat(F, Ctx))
      return F.isZero() || F.isNegative();
  }
  return false;
}

static bool isLockTag(QualType T) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::string Name = qualifiedName(*RD);
  return Name == "std::defer_lock_t" || Name == "std::try_to_lock_t" || Name == "std::adopt_lock_t";
}

namespace {
/// Where a stream argument points.
enum class StreamKind { Unknown, StdIn, StdOut, File, Memory };
} // namespace

/// Two ways a stream may go (`verbose ? stdout : stderr`): the same kind, or
/// a file if either may be one.
static StreamKind either(StreamKind A, StreamKind B) {
  if (A == B)
    return A;
  auto Quiet = [](StreamKind K) { return K == StreamKind::StdOut || K == StreamKind::Memory; };
  return Quiet(A) && Quiet(B) ? StreamKind::StdOut : StreamKind::File;
}

/// What the initializer of the variable E names gives, if the variable
/// keeps it (a mutation analysis, asked only when the answer is not File).
template <class Classify>
static StreamKind initialStream(const Expr *E, const ArgumentValues &Values, Classify Of) {
  const VarDecl *Var = nullptr;
  if (const Expr *Init = ArgumentValues::initializerOf(E, Var)) {
    StreamKind Initial = Of(Init);
    if (Initial != StreamKind::File && Values.keepsInitializer(*Var))
      return Initial;
  }
  return StreamKind::File;
}

/// True if E calls the C library's function of one of these names.
static bool callsCFunction(const Expr *E, std::initializer_list<llvm::StringRef> Names) {
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  return FD && FD->isExternC() && FD->getDeclName().isIdentifier() &&
         llvm::is_contained(Names, FD->getName());
}

static StreamKind classifyCFile(const Expr *E, const ArgumentValues &Values, int Depth = 0) {
  E = strip(E);
  if (Depth > 8)
    return StreamKind::File;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      if (VD->getDeclName().isIdentifier() &&
          VD->getDeclContext()->getRedeclContext()->isTranslationUnit()) {
        llvm::StringRef N = VD->getName();
        if (N == "stdin")
          return StreamKind::StdIn;
        if (N == "stdout" || N == "stderr")
          return StreamKind::StdOut;
      }
      // A FILE * that keeps its initial value: the stream it was given.
      return initialStream(
          E, Values, [&](const Expr *Init) { return classifyCFile(Init, Values, Depth + 1); });
    }
  if (const auto *Cond = dyn_cast<ConditionalOperator>(E))
    return either(classifyCFile(Cond->getTrueExpr(), Values, Depth + 1),
                  classifyCFile(Cond->getFalseExpr(), Values, Depth + 1));
  // fmemopen and open_memstream make streams over memory.
  if (callsCFunction(E, {"fmemopen", "open_memstream", "open_wmemstream"}))
    return StreamKind::Memory;
  return StreamKind::File;
}

static StreamKind classifyFd(const Expr *E, const ArgumentValues &Values, int Depth = 0) {
  if (auto V = constantInt(E, Values.Ctx)) {
    if (*V == 0)
      return StreamKind::StdIn;
    if (*V == 1 || *V == 2)
      return StreamKind::StdOut;
  }
  const Expr *S = strip(E);
  if (Depth >= 8)
    return StreamKind::File;
  // fileno(stdout) is the descriptor of the stream.
  if (callsCFunction(S, {"fileno"}) && cast<CallExpr>(S)->getNumArgs() == 1)
    return classifyCFile(cast<CallExpr>(S)->getArg(0), Values, Depth + 1);
  return initialStream(S, Values,
                       [&](const Expr *Init) { return classifyFd(Init, Values, Depth + 1); });
}

/// True for the standard library's stream classes (std::basic_istream,
/// std::basic_ifstream, ...).
static bool isStdStream(QualType T) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->isInStdNamespace() && RD->getDeclName().isIdentifier() &&
         RD->getName().ends_with("stream");
}

static StreamKind classifyCxxStream(const Expr *E) {
  E = strip(E);
  // A chain, `std::cin >> a >> b`: each link returns its stream, so the
  // stream is the one the chain starts from.
  for (int Links = 0; Links < 256; ++Links) {
    const auto *Link = dyn_cast<CallExpr>(E);
    if (!Link || !Link->isLValue() || !isStdStream(Link->getType()))
      break;
    const Expr *From = nullptr;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Link))
      From = Member->getImplicitObjectArgument();
    else if (Link->getNumArgs() > 0)
      From = Link->getArg(0); // operator>>(is, x), std::getline(is, s)
    if (!From || !isStdStream(From->getType()))
      break;
    E = strip(From);
  }
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
    if (isa<CXXOperatorCallExpr>(CE) && isa_and_nonnull<CXXMethodDecl>(CE->getDirectCallee()))
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
static bool isNonBlockingForm(const BlockingApi &Api, const Expr &Call, const FunctionDecl &Callee,
                              const ArgumentValues &Values) {
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
    return Values.holds(
        Arg, [&](const Expr *E) { return (knownSetBits(E, Values.Ctx) & Api.Value) == Api.Value; });
  case NonBlockingWhen::IntEquals:
    return Values.holds(Arg, [&](const Expr *E) {
      std::optional<llvm::APSInt> V = constantInt(E, Values.Ctx);
      return V && V->getExtValue() == Api.Value;
    });
  case NonBlockingWhen::IntDiffers:
    return !Values.holds(Arg, [&](const Expr *E) {
      std::optional<llvm::APSInt> V = constantInt(E, Values.Ctx);
      return V && V->getExtValue() == Api.Value;
    });
  case NonBlockingWhen::NonPositiveDuration:
    return Values.holds(Arg, [&](const Expr *E) { return isNonPositiveDuration(E, Values.Ctx); });
  case NonBlockingWhen::PastTimePoint:
    return Values.holds(Arg, [&](const Expr *E) { return isPastTimePoint(E, Values.Ctx); });
  case NonBlockingWhen::ZeroTimeout: {
    const auto *Addr = Arg ? dyn_cast<UnaryOperator>(strip(Arg)) : nullptr;
    if (!Addr || Addr->getOpcode() != UO_AddrOf)
      return false;
    const auto *Ref = dyn_cast<DeclRefExpr>(Addr->getSubExpr()->IgnoreParens());
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return Var && isZeroAtCall(*Var, Values.Call, Values.Ctx, Values.Mutations);
  }
  case NonBlockingWhen::ArgIsNotPath: {
    if (Callee.getNumParams() <= Api.ArgIndex)
      return true;
    QualType T = Callee.getParamDecl(Api.ArgIndex)->getType().getNonReferenceType();
    const auto *RD = T->getAsCXXRecordDecl();
    return !RD || qualifiedName(*RD) != "std::filesystem::path";
  }
  case NonBlockingWhen::NoArguments:
    return argumentCount(Call) == 0;
  case NonBlockingWhen::ResultUsed: // decided by the caller, who knows the context
    return false;
  case NonBlockingWhen::LockTagPassed:
    // `unique_lock(m, 0ms)` and `unique_lock(m, time_point{})` only try.
    if (const auto *CC = dyn_cast<CXXConstructExpr>(&Call))
      for (const Expr *A : CC->arguments())
        if (isLockTag(A->getType()) || isNonPositiveDuration(A, Values.Ctx) ||
            isPastTimePoint(A, Values.Ctx))
          return true;
    return false;
  }
  return false;
}

/// True if, in a template's pattern, whether the call takes its
/// non-blocking form depends on the template: the argument that decides is
/// value-dependent (`recv(fd_, b, n, Flags)` with a template's Flags), not
/// merely the call (`recv(fd_, b, n, 0)` on a class template's member).
static bool formDependsOnTemplate(const BlockingApi &Api, const Expr &Call) {
  switch (Api.NonBlocking) {
  case NonBlockingWhen::Never:
  case NonBlockingWhen::ResultUsed: // not an argument's value
    return false;
  case NonBlockingWhen::FlagSet:
  case NonBlockingWhen::IntEquals:
  case NonBlockingWhen::IntDiffers:
  case NonBlockingWhen::NonPositiveDuration:
  case NonBlockingWhen::PastTimePoint:
  case NonBlockingWhen::ZeroTimeout:
  case NonBlockingWhen::ArgIsNotPath: {
    const Expr *Decider = argument(Call, Api.ArgIndex);
    return Decider ? Decider->isValueDependent() || Decider->isTypeDependent()
                   : Call.isValueDependent();
  }
  case NonBlockingWhen::NoArguments:
  case NonBlockingWhen::LockTagPassed:
    return Call.isValueDependent();
  }
  return Call.isValueDependent();
}

/// The category after looking at the stream, or nullopt if the call does not
/// block (a write to stdout, a read from a string stream).
static std::optional<Category> routeByStream(const BlockingApi &Api, const Expr &Call,
                                             const ArgumentValues &Values) {
  StreamKind Kind = StreamKind::File;
  switch (Api.Stream) {
  case StreamArg::None:
    return Api.TheCategory;
  case StreamArg::CFile:
    if (const Expr *A = argument(Call, Api.StreamIndex))
      Kind = classifyCFile(A, Values);
    break;
  case StreamArg::Fd:
    if (const Expr *A = argument(Call, Api.StreamIndex))
      Kind = classifyFd(A, Values);
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
static llvm::SmallVector<const FunctionDecl *, 4> unresolvedCandidates(const Expr &Call) {
  llvm::SmallVector<const FunctionDecl *, 4> Result;
  const auto *CE = dyn_cast<CallExpr>(&Call);
  if (!CE || CE->getDirectCallee())
    return Result;
  const auto *ULE = dyn_cast<UnresolvedLookupExpr>(CE->getCallee()->IgnoreParenImpCasts());
  if (!ULE)
    return Result;
  // With an argument whose type depends on the template, an unqualified name
  // is looked up again in each instantiation, by argument-dependent lookup,
  // which may find the user's own `connect(socket, endpoint)`: the
  // instantiations decide. So do they for a pack expansion's arity.
  for (const Expr *Arg : CE->arguments())
    if (isa<PackExpansionExpr>(Arg) || (ULE->requiresADL() && Arg->isTypeDependent()))
      return {};
  const unsigned NumArgs = CE->getNumArgs();
  for (const NamedDecl *D : ULE->decls()) {
    D = D->getUnderlyingDecl();
    if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
      D = FT->getTemplatedDecl();
    const auto *FD = dyn_cast<FunctionDecl>(D);
    if (!FD)
      return {};
    // A candidate these arguments cannot call is not one.
    if (NumArgs < FD->getMinRequiredArguments() ||
        (!FD->isVariadic() && NumArgs > FD->getNumParams()))
      continue;
    Result.push_back(FD);
  }
  return Result;
}

/// The name a call through a pointer is shown by: the variable or member.
static std::string calleeExpressionName(const Expr &Callee) {
  const Expr *E = Callee.IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E); Unary && Unary->getOpcode() == UO_Deref)
    E = Unary->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl()->getNameAsString();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl()->getNameAsString();
  return "function pointer";
}

/// True if calls through Callee's type are [[clang::blocking]]: a pointer
/// or reference to a function type that carries the effect.
static bool hasBlockingType(const Expr &Callee) {
  QualType T = Callee.getType();
  if (const auto *Pointer = T->getAs<PointerType>())
    T = Pointer->getPointeeType();
  else if (const auto *Ref = T->getAs<ReferenceType>())
    T = Ref->getPointeeType();
  const auto *Proto = T->getAs<FunctionProtoType>();
  return Proto && compat::hasEffect(*Proto, compat::Effect::Blocking);
}

std::optional<Classification> CallClassifier::fromMatch(const CalleeMatch &M,
                                                        const FunctionDecl &Callee) const {
  if (M.Allowed)
    return std::nullopt;
  Classification Result;
  Result.Callee = &Callee;
  Result.Name = M.Name;
  if (M.Api) {
    if (M.Api->MutexLock && !Options.FlagMutexLock)
      return std::nullopt;
    Result.TheCategory = M.Api->TheCategory;
    Result.Api = M.Api;
    Result.Suggestion = M.Api->Suggestion;
    return Result;
  }
  if (M.UserIndex >= 0) {
    Result.TheCategory = Category::Call;
    Result.Suggestion = Options.BlockingFunctions[M.UserIndex].second;
    return Result;
  }
  if (M.Attribute) {
    Result.TheCategory = Category::Call;
    return Result;
  }
  return std::nullopt;
}

std::optional<Classification> CallClassifier::classifyImplicitCall(const FunctionDecl &Callee) {
  const CalleeMatch &M = matchCallee(Callee, nullptr);
  if (!M.Api && M.UserIndex < 0 && !M.Attribute)
    return std::nullopt;
  // Argument-based forms do not apply: there are no arguments.
  if (M.Api && M.Api->NonBlocking != NonBlockingWhen::Never)
    return std::nullopt;
  return fromMatch(M, Callee);
}

/// True if D is declared in namespace std or one nested in it (std::ranges).
static bool isUnderStd(const Decl &D) {
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent())
    if (DC->isStdNamespace())
      return true;
  return false;
}

bool CallClassifier::isRunner(const NamedDecl &D) {
  auto [It, Inserted] = RunnerCache.try_emplace(&D, false);
  if (Inserted && isUnderStd(D))
    It->second = Runners.contains(qualifiedName(D));
  return It->second;
}

bool CallClassifier::runsCallables(const CallExpr &Call) {
  // A function object such as std::ranges::for_each: operator() of the
  // object, which is the name the user knows.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
      Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts()))
      return isRunner(*Ref->getDecl());
    return false;
  }
  const FunctionDecl *Callee = Call.getDirectCallee();
  return Callee && isRunner(*Callee);
}

const BlockingApi *CallClassifier::functionObjectApi(const Expr &Call, std::string &Name) const {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
  if (!Op || Op->getOperator() != OO_Call || Op->getNumArgs() == 0)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  // Most calls of operator() are on locals and members: the last component
  // rules them out before a qualified name is built.
  if (!Var || !Var->getDeclName().isIdentifier() || !MemberNames.contains(Var->getName()))
    return nullptr;
  std::string Qualified = qualifiedName(*Var);
  auto Found = ByName.find(Qualified);
  if (Found == ByName.end())
    return nullptr;
  for (const BlockingApi *Api : Found->second)
    if (Api->Kind == ApiKind::FunctionObject) {
      Name = std::move(Qualified);
      return Api;
    }
  return nullptr;
}

std::optional<Classification> CallClassifier::classify(const Expr &Call, ASTContext &Ctx,
                                                       bool ResultUnused) {
  if (Call.containsErrors())
    return std::nullopt;
  // A customization-point object is known by its own name, not by its
  // class's operator() (a library detail); its rows have no argument rules.
  if (std::string Name; const BlockingApi *Api = functionObjectApi(Call, Name)) {
    Classification Result;
    Result.Callee = calleeOf(Call);
    Result.Name = std::move(Name);
    Result.TheCategory = Api->TheCategory;
    Result.Api = Api;
    Result.Suggestion = Api->Suggestion;
    if (!Result.Callee || isAllowed(*Result.Callee))
      return std::nullopt;
    return Result;
  }
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
  } else if (const auto *CE = dyn_cast<CallExpr>(&Call); CE && CE->getCallee() &&
                                                         !CE->getCallee()->isTypeDependent() &&
                                                         hasBlockingType(*CE->getCallee())) {
    // A call through a pointer whose type is [[clang::blocking]].
    Classification Result;
    Result.TheCategory = Category::Call;
    Result.Name = calleeExpressionName(*CE->getCallee());
    return Result;
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

  std::optional<Classification> Result = fromMatch(*M, *Callee);
  if (!Result || !M->Api)
    return Result;
  const BlockingApi &Api = *M->Api;
  if (formDependsOnTemplate(Api, Call))
    return std::nullopt; // the instantiations decide
  if (Api.NonBlocking == NonBlockingWhen::ResultUsed)
    return ResultUnused ? Result : std::nullopt;
  if (!Mutations || &Mutations->context() != &Ctx)
    Mutations = std::make_unique<MutationAnalyses>(Ctx);
  ArgumentValues Values(Ctx, UnchangedLocals, *Mutations, Call);
  if (isNonBlockingForm(Api, Call, *Callee, Values))
    return std::nullopt;
  std::optional<Category> Cat = routeByStream(Api, Call, Values);
  if (!Cat)
    return std::nullopt;
  Result->TheCategory = *Cat;
  return Result;
}

} // namespace corolint
