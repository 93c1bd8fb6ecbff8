//===- CallClassifier.h - Is this call blocking? ----------------*- C++ -*-===//
//
// Matches a call's callee declaration (never its spelling) against the table
// of blocking APIs, the user's BlockingFunctions and the [[clang::blocking]]
// attribute, then looks at the arguments for the non-blocking forms.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_CALLCLASSIFIER_H
#define COROLINT_ENGINE_CALLCLASSIFIER_H

#include "BlockingApi.h"
#include "ValuesAtCall.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <optional>
#include <string>
#include <vector>

namespace corolint {

struct ClassifierOptions {
  /// Report std::mutex::lock, lock guards and pthread_mutex_lock.
  bool FlagMutexLock = false;
  /// User-listed blocking functions: qualified name -> suggestion ("" if none).
  std::vector<std::pair<std::string, std::string>> BlockingFunctions;
  /// Qualified names never reported (and, through helpers, never followed).
  std::vector<std::string> AllowedFunctions;

  /// Parses "a::f=co_await a::g;b::h" (entries separated by ';' or ',').
  static std::vector<std::pair<std::string, std::string>>
  parseBlockingFunctions(llvm::StringRef Text);
  static std::vector<std::string> parseNameList(llvm::StringRef Text);
};

/// What a blocking call is.
struct Classification {
  Category TheCategory = Category::Call;
  /// The table row; null for user-listed and [[clang::blocking]] functions.
  const BlockingApi *Api = nullptr;
  /// The callee as shown to the user ("sleep", "std::future::get").
  std::string Name;
  /// The awaitable to use instead, or "".
  std::string Suggestion;
  const clang::FunctionDecl *Callee = nullptr;
};

class CallClassifier {
public:
  explicit CallClassifier(ClassifierOptions Options);

  /// Classifies a CallExpr or CXXConstructExpr; nullopt if it does not block
  /// (or is not a call at all). ResultUnused: the call's value is discarded.
  std::optional<Classification> classify(const clang::Expr &Call, clang::ASTContext &Ctx,
                                         bool ResultUnused = false);

  /// Classifies a function that runs without a call expression of its own
  /// (a destructor at the end of a scope): by its declaration alone.
  std::optional<Classification> classifyImplicitCall(const clang::FunctionDecl &Callee);

  /// True if the call runs the callables passed to it before it returns
  /// (callableRunners(): std::for_each, std::invoke, ...).
  bool runsCallables(const clang::CallExpr &Call);

  /// True if the user allowed this function (AllowedFunctions) or its type
  /// is [[clang::nonblocking]]: calls to it are never reported.
  bool isAllowed(const clang::FunctionDecl &FD);

  /// True if the callee is declared [[clang::nonblocking]].
  static bool isDeclaredNonBlocking(const clang::FunctionDecl &FD);

  const ClassifierOptions &options() const { return Options; }

private:
  struct CalleeMatch {
    const BlockingApi *Api = nullptr;
    int UserIndex = -1; // into Options.BlockingFunctions
    bool Attribute = false;
    bool Allowed = false;
    std::string Name;
  };
  const CalleeMatch &matchCallee(const clang::FunctionDecl &FD,
                                 const clang::CXXRecordDecl *ObjectClass);

  ClassifierOptions Options;
  llvm::StringMap<llvm::SmallVector<const BlockingApi *, 1>> ByName;
  llvm::StringMap<int> UserByName;
  llvm::StringSet<> Allowed;
  /// The last component of every name above ("wait", "sleep", ...).
  llvm::StringSet<> MemberNames;
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, const clang::CXXRecordDecl *>, CalleeMatch>
      Cache;
  /// Whether a local keeps its initial value (a mutation analysis each).
  llvm::DenseMap<const clang::VarDecl *, bool> UnchangedLocals;
  /// What a local holds where a call reads it (ValuesAtCall.h), made on first use.
  std::unique_ptr<MutationAnalyses> Mutations;
  llvm::StringSet<> Runners;                             ///< callableRunners()
  llvm::DenseMap<const clang::Decl *, bool> RunnerCache; ///< by callee or object
  /// Classification of a call's (or destructor's) matched callee.
  std::optional<Classification> fromMatch(const CalleeMatch &M,
                                          const clang::FunctionDecl &Callee) const;
  bool isRunner(const clang::NamedDecl &D);
  /// The FunctionObject row for a call through a namespace-scope object's
  /// operator(), with the object's qualified name in Name.
  const BlockingApi *functionObjectApi(const clang::Expr &Call, std::string &Name) const;
};

/// `ns::Class::name` without template arguments or (unless asked for)
/// inline namespaces.
std::string qualifiedName(const clang::NamedDecl &D, bool KeepInlineNamespaces = false);

} // namespace corolint

#endif
