//===- BlockingApi.h - The table of blocking APIs ---------------*- C++ -*-===//
//
// The one description of what blocks: every check, the fix-its and the
// standalone tool read this table. Entries are data (BlockingApiTable.cpp);
// nothing else in corolint names a blocking function.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ENGINE_BLOCKINGAPI_H
#define COROLINT_ENGINE_BLOCKINGAPI_H

#include "Checks.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace corolint {

/// How an entry's name is matched against the callee's declaration.
enum class ApiKind {
  /// A C function: `name` at global scope with C language linkage, so a
  /// C++ function of the same name (an awaitable `sleep`) never matches.
  CFunction,
  /// A namespace-scope C++ function, `ns::name` (inline namespaces ignored).
  CxxFunction,
  /// A member function `ns::Class::method`, matched on the declaring class or
  /// the class of the object it is called on (template arguments ignored).
  Method,
  /// A constructor of `ns::Class` (written `ns::Class::Class`).
  Constructor,
  /// The destructor of `ns::Class` (written `ns::Class::~Class`), run at the
  /// end of a variable's scope or of a temporary's full-expression.
  Destructor,
  /// A function object at namespace scope, `ns::name`, called through its
  /// operator() (the customization-point objects of stdexec and folly:
  /// `stdexec::sync_wait(sender)`).
  FunctionObject,
};

/// When a call to a blocking API is not blocking after all, judged from the
/// argument at `ArgIndex`.
enum class NonBlockingWhen {
  Never,
  /// The integer argument has all bits of `Value` set (`MSG_DONTWAIT`, `WNOHANG`).
  FlagSet,
  /// The integer argument is the constant `Value` (a zero timeout).
  IntEquals,
  /// The integer argument is not known to be the constant `Value`: the call
  /// blocks only in that one form (`fcntl(fd, F_SETLKW, ...)`,
  /// `lockf(fd, F_LOCK, n)`, `getaddrinfo_a(GAI_WAIT, ...)`).
  IntDiffers,
  /// The argument is a zero or negative std::chrono duration (`0s`,
  /// `seconds(0)`, `zero()`, `-1ms`): the wait times out at once.
  NonPositiveDuration,
  /// The argument is a std::chrono time point at or before its clock's epoch
  /// (`time_point{}`, `time_point::min()`): a deadline already past.
  PastTimePoint,
  /// The argument points to a local `timeval`/`timespec` that is all zero
  /// where the call reads it (`timeval tv{}; select(..., &tv)`): a relative
  /// timeout that expires at once, or an absolute deadline at the epoch.
  ZeroTimeout,
  /// The call is not blocking unless the argument is a std::filesystem::path
  /// (`is_directory(path)` stats the disk, `is_directory(file_status)` does not).
  ArgIsNotPath,
  /// A constructor with no arguments (a default-constructed fstream opens nothing).
  NoArguments,
  /// A lock taken with std::defer_lock / std::try_to_lock / std::adopt_lock.
  LockTagPassed,
  /// The call's value is used: it blocks only when discarded (the future
  /// std::async returns waits for the task in its destructor).
  ResultUsed,
};

/// Which argument names the stream a call reads or writes. The stream decides
/// the category: `fgets(buf, n, stdin)` is console input, `fgets(buf, n, f)`
/// file I/O, and writes to stdout/stderr are not reported at all.
enum class StreamArg {
  None,
  CFile,     ///< a `FILE *`
  Fd,        ///< a file descriptor
  CxxStream, ///< a std::basic_istream / basic_ostream (the object for members)
};

enum class Direction { Read, Write, Other };

struct BlockingApi {
  Category TheCategory;
  ApiKind Kind;
  /// Qualified name without template arguments or inline namespaces.
  /// `{asio}` stands for both `asio` and `boost::asio`.
  const char *Name;
  /// The awaitable that replaces the call, shown in the message ("" if none).
  const char *Suggestion = "";
  NonBlockingWhen NonBlocking = NonBlockingWhen::Never;
  unsigned ArgIndex = 0;
  long long Value = 0;
  StreamArg Stream = StreamArg::None;
  unsigned StreamIndex = 0; ///< for members with CxxStream: ignored (the object)
  Direction Dir = Direction::Other;
  /// Reported only when the sync check's FlagMutexLock option is on.
  bool MutexLock = false;
  /// The wait belongs to the calling thread: a condition variable's wait
  /// unlocks and relocks the caller's mutex. Run on another thread (the
  /// offload rewrite), it is undefined behaviour.
  bool ThreadBound = false;

  /// True if the call cannot move to another thread: ThreadBound, or a lock
  /// (MutexLock), which the calling thread would then own and unlock.
  bool bindsCallingThread() const { return ThreadBound || MutexLock; }
};

/// The table, in the order of BlockingApiTable.cpp.
llvm::ArrayRef<BlockingApi> blockingApiTable();

/// Functions that run the callables passed to them before they return
/// (std::for_each, std::invoke, ...), by qualified name: a lambda passed to
/// one runs on the caller's thread. Function objects such as
/// std::ranges::for_each are listed by the object's name.
llvm::ArrayRef<const char *> callableRunners();

/// When a direct rewrite keeps the program's meaning.
enum class RewriteWhen {
  Always,
  /// The call's value is unused (`sleep` returns the seconds left; the
  /// awaitable returns nothing).
  ResultUnused,
  /// ... and the second argument is a null pointer (`nanosleep(&ts, nullptr)`).
  ResultUnusedAndArg1Null,
  /// The second argument is the constant 1 (`poll` on one descriptor).
  Arg1IsOne,
};

/// A direct awaitable equivalent. In `Template`, `$0`, `$1`, ... stand for the
/// arguments' text, `$*` for all of them, and `$*0` for argument 0
/// dereferenced (`&ts` becomes `ts`, `p` becomes `*p`).
struct ApiRewrite {
  const char *Api; ///< BlockingApi::Name
  const char *Template;
  const char *Header; ///< included as <Header>
  RewriteWhen When = RewriteWhen::Always;
};

/// The default rewrites, to corio.
llvm::ArrayRef<ApiRewrite> defaultRewrites();

/// Where corio::offload lives, for the offload rewrites.
inline constexpr const char *OffloadHeader = "corio/offload.hpp";

} // namespace corolint

#endif
