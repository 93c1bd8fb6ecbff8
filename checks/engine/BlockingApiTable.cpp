//===- BlockingApiTable.cpp - What blocks, as data ------------------------===//
//
// Each row: category, how the name is matched, the qualified name, the
// awaitable that replaces it, and when the call is not blocking after all.
// Flag values are Linux's (MSG_DONTWAIT = 0x40, WNOHANG = 1).
//
//===----------------------------------------------------------------------===//
#include "BlockingApi.h"

namespace corolint {
namespace {

using C = Category;
using K = ApiKind;
using NB = NonBlockingWhen;
using S = StreamArg;
using D = Direction;

constexpr long long MsgDontWait = 0x40;
constexpr long long WNoHang = 1;
constexpr long long LockNb = 4;            // flock
constexpr long long FLock = 1;             // lockf's blocking command
constexpr long long FSetLkW = 7;           // fcntl's blocking lock command
constexpr long long SpliceFNonblock = 2;   // splice, tee, vmsplice
constexpr long long IpcNoWait = 04000;     // msgrcv, msgsnd
constexpr long long GaiWait = 0;           // getaddrinfo_a

const char *const Offload = "co_await corio::offload(...)";

/// A row whose call must stay on the calling thread (BlockingApi::ThreadBound).
constexpr BlockingApi threadBound(BlockingApi Row) {
  Row.ThreadBound = true;
  return Row;
}

// clang-format off
const BlockingApi Table[] = {
  // ---- sleep -------------------------------------------------------------
  {C::Sleep, K::CFunction, "sleep", "co_await corio::sleep_for(...)"},
  {C::Sleep, K::CFunction, "usleep", "co_await corio::sleep_for(...)"},
  {C::Sleep, K::CFunction, "nanosleep", "co_await corio::sleep_for(...)"},
  {C::Sleep, K::CFunction, "clock_nanosleep", "co_await corio::sleep_until(...)"},
  {C::Sleep, K::CxxFunction, "std::this_thread::sleep_for", "co_await corio::sleep_for(...)"},
  {C::Sleep, K::CxxFunction, "std::this_thread::sleep_until", "co_await corio::sleep_until(...)", NB::PastTimePoint, 0},
  {C::Sleep, K::CFunction, "thrd_sleep", "co_await corio::sleep_for(...)"},
  // An Asio timer's synchronous wait is a sleep.
  {C::Sleep, K::Method, "{asio}::basic_waitable_timer::wait", "co_await timer.async_wait(...)"},
  {C::Sleep, K::Method, "{asio}::basic_deadline_timer::wait", "co_await timer.async_wait(...)"},

  // ---- socket ------------------------------------------------------------
  {C::Socket, K::CFunction, "connect", "co_await corio::connect(...)"},
  {C::Socket, K::CFunction, "accept", "co_await corio::accept(...)"},
  {C::Socket, K::CFunction, "accept4", "co_await corio::accept4(...)"},
  {C::Socket, K::CFunction, "recv", "co_await corio::recv(...)", NB::FlagSet, 3, MsgDontWait},
  {C::Socket, K::CFunction, "recvfrom", "co_await corio::recvfrom(...)", NB::FlagSet, 3, MsgDontWait},
  {C::Socket, K::CFunction, "recvmsg", "co_await corio::recvmsg(...)", NB::FlagSet, 2, MsgDontWait},
  {C::Socket, K::CFunction, "recvmmsg", "", NB::FlagSet, 3, MsgDontWait},
  {C::Socket, K::CFunction, "send", "co_await corio::send(...)", NB::FlagSet, 3, MsgDontWait},
  {C::Socket, K::CFunction, "sendto", "co_await corio::sendto(...)", NB::FlagSet, 3, MsgDontWait},
  {C::Socket, K::CFunction, "sendmsg", "co_await corio::sendmsg(...)", NB::FlagSet, 2, MsgDontWait},
  {C::Socket, K::CFunction, "sendmmsg", "", NB::FlagSet, 3, MsgDontWait},
  {C::Socket, K::CFunction, "poll", "co_await corio::poll(...)", NB::IntEquals, 2, 0},
  {C::Socket, K::CFunction, "ppoll", "co_await corio::poll(...)", NB::ZeroTimeout, 2},
  {C::Socket, K::CFunction, "select", "co_await corio::poll(...)", NB::ZeroTimeout, 4},
  {C::Socket, K::CFunction, "pselect", "co_await corio::poll(...)", NB::ZeroTimeout, 4},
  {C::Socket, K::CFunction, "epoll_wait", "", NB::IntEquals, 3, 0},
  {C::Socket, K::CFunction, "epoll_pwait", "", NB::IntEquals, 3, 0},
  {C::Socket, K::CFunction, "epoll_pwait2", "", NB::ZeroTimeout, 3},
  // Asio's synchronous operations; their async_ forms are different names.
  {C::Socket, K::Method, "{asio}::basic_socket::connect", "co_await socket.async_connect(...)"},
  {C::Socket, K::Method, "{asio}::basic_socket::wait", "co_await socket.async_wait(...)"},
  {C::Socket, K::Method, "{asio}::basic_stream_socket::read_some", "co_await socket.async_read_some(...)"},
  {C::Socket, K::Method, "{asio}::basic_stream_socket::write_some", "co_await socket.async_write_some(...)"},
  {C::Socket, K::Method, "{asio}::basic_stream_socket::receive", "co_await socket.async_receive(...)"},
  {C::Socket, K::Method, "{asio}::basic_stream_socket::send", "co_await socket.async_send(...)"},
  {C::Socket, K::Method, "{asio}::basic_datagram_socket::receive", "co_await socket.async_receive(...)"},
  {C::Socket, K::Method, "{asio}::basic_datagram_socket::receive_from", "co_await socket.async_receive_from(...)"},
  {C::Socket, K::Method, "{asio}::basic_datagram_socket::send", "co_await socket.async_send(...)"},
  {C::Socket, K::Method, "{asio}::basic_datagram_socket::send_to", "co_await socket.async_send_to(...)"},
  {C::Socket, K::Method, "{asio}::basic_socket_acceptor::accept", "co_await acceptor.async_accept(...)"},
  {C::Socket, K::Method, "{asio}::basic_socket_acceptor::wait", "co_await acceptor.async_wait(...)"},
  {C::Socket, K::CxxFunction, "{asio}::read", "co_await asio::async_read(...)"},
  {C::Socket, K::CxxFunction, "{asio}::write", "co_await asio::async_write(...)"},
  {C::Socket, K::CxxFunction, "{asio}::read_at", "co_await asio::async_read_at(...)"},
  {C::Socket, K::CxxFunction, "{asio}::write_at", "co_await asio::async_write_at(...)"},
  {C::Socket, K::CxxFunction, "{asio}::read_until", "co_await asio::async_read_until(...)"},
  {C::Socket, K::CxxFunction, "{asio}::connect", "co_await asio::async_connect(...)"},
  {C::Socket, K::Method, "{asio}::ssl::stream::handshake", "co_await stream.async_handshake(...)"},
  {C::Socket, K::Method, "{asio}::ssl::stream::shutdown", "co_await stream.async_shutdown(...)"},
  {C::Socket, K::Method, "{asio}::ssl::stream::read_some", "co_await stream.async_read_some(...)"},
  {C::Socket, K::Method, "{asio}::ssl::stream::write_some", "co_await stream.async_write_some(...)"},
  {C::Socket, K::Method, "{asio}::posix::basic_stream_descriptor::read_some", "co_await descriptor.async_read_some(...)"},
  {C::Socket, K::Method, "{asio}::posix::basic_stream_descriptor::write_some", "co_await descriptor.async_write_some(...)"},
  {C::Socket, K::Method, "{asio}::posix::basic_descriptor::wait", "co_await descriptor.async_wait(...)"},
  {C::Socket, K::Method, "{asio}::basic_socket_iostream::connect", Offload},
  {C::Socket, K::CFunction, "sendfile", Offload},
  {C::Socket, K::CFunction, "sendfile64", Offload},

  // ---- dns ---------------------------------------------------------------
  {C::Dns, K::CFunction, "getaddrinfo", "co_await corio::getaddrinfo(...)"},
  {C::Dns, K::CFunction, "getaddrinfo_a", "co_await corio::getaddrinfo(...)", NB::IntDiffers, 0, GaiWait},
  {C::Dns, K::CFunction, "gai_suspend", "co_await corio::getaddrinfo(...)", NB::ZeroTimeout, 2},
  // The name service switch: users, groups and services may come from LDAP,
  // NIS or systemd over the network (nsswitch.conf), never only from a file.
  {C::Dns, K::CFunction, "getpwnam", Offload},
  {C::Dns, K::CFunction, "getpwnam_r", Offload},
  {C::Dns, K::CFunction, "getpwuid", Offload},
  {C::Dns, K::CFunction, "getpwuid_r", Offload},
  {C::Dns, K::CFunction, "getpwent", Offload},
  {C::Dns, K::CFunction, "getspnam", Offload},
  {C::Dns, K::CFunction, "getgrnam", Offload},
  {C::Dns, K::CFunction, "getgrnam_r", Offload},
  {C::Dns, K::CFunction, "getgrgid", Offload},
  {C::Dns, K::CFunction, "getgrgid_r", Offload},
  {C::Dns, K::CFunction, "getgrent", Offload},
  {C::Dns, K::CFunction, "getgrouplist", Offload},
  {C::Dns, K::CFunction, "initgroups", Offload},
  {C::Dns, K::CFunction, "getservbyname", Offload},
  {C::Dns, K::CFunction, "getservbyname_r", Offload},
  {C::Dns, K::CFunction, "getservbyport", Offload},
  {C::Dns, K::CFunction, "getservbyport_r", Offload},
  {C::Dns, K::CFunction, "getprotobyname", Offload},
  {C::Dns, K::CFunction, "getprotobynumber", Offload},
  {C::Dns, K::CFunction, "getnetbyname", Offload},
  {C::Dns, K::CFunction, "gethostbyname", "co_await corio::getaddrinfo(...)"},
  {C::Dns, K::CFunction, "gethostbyname2", "co_await corio::getaddrinfo(...)"},
  {C::Dns, K::CFunction, "gethostbyname_r", "co_await corio::getaddrinfo(...)"},
  {C::Dns, K::CFunction, "gethostbyname2_r", "co_await corio::getaddrinfo(...)"},
  {C::Dns, K::CFunction, "gethostbyaddr", "co_await corio::offload(...)"},
  {C::Dns, K::CFunction, "gethostbyaddr_r", "co_await corio::offload(...)"},
  {C::Dns, K::CFunction, "getnameinfo", "co_await corio::offload(...)"},
  // glibc's <resolv.h> renames these with macros.
  {C::Dns, K::CFunction, "res_query", Offload},
  {C::Dns, K::CFunction, "__res_query", Offload},
  {C::Dns, K::CFunction, "res_search", Offload},
  {C::Dns, K::CFunction, "__res_search", Offload},
  {C::Dns, K::CFunction, "res_nquery", Offload},
  {C::Dns, K::CFunction, "__res_nquery", Offload},
  {C::Dns, K::CFunction, "res_nsearch", Offload},
  {C::Dns, K::CFunction, "__res_nsearch", Offload},
  {C::Dns, K::Method, "{asio}::ip::basic_resolver::resolve", "co_await resolver.async_resolve(...)"},

  // ---- http --------------------------------------------------------------
  {C::Http, K::CFunction, "curl_easy_perform", "co_await corio::curl_perform(...)"},
  {C::Http, K::CFunction, "curl_multi_poll", "co_await corio::curl_perform(...)", NB::IntEquals, 3, 0},
  {C::Http, K::CFunction, "curl_multi_wait", "co_await corio::curl_perform(...)", NB::IntEquals, 3, 0},
  {C::Http, K::Method, "httplib::ClientImpl::Get", "co_await session.get(...)"},
  {C::Http, K::Method, "httplib::ClientImpl::Head", "co_await session.get(...)"},
  {C::Http, K::Method, "httplib::ClientImpl::Post", Offload},
  {C::Http, K::Method, "httplib::ClientImpl::Put", Offload},
  {C::Http, K::Method, "httplib::ClientImpl::Patch", Offload},
  {C::Http, K::Method, "httplib::ClientImpl::Delete", Offload},
  {C::Http, K::Method, "httplib::ClientImpl::Options", Offload},
  {C::Http, K::Method, "httplib::ClientImpl::send", Offload},
  {C::Http, K::Method, "httplib::Client::Get", "co_await session.get(...)"},
  {C::Http, K::Method, "httplib::Client::Head", "co_await session.get(...)"},
  {C::Http, K::Method, "httplib::Client::Post", Offload},
  {C::Http, K::Method, "httplib::Client::Put", Offload},
  {C::Http, K::Method, "httplib::Client::Patch", Offload},
  {C::Http, K::Method, "httplib::Client::Delete", Offload},
  {C::Http, K::Method, "httplib::Client::Options", Offload},
  {C::Http, K::Method, "httplib::Client::send", Offload},
  // A server's accept loop never returns.
  {C::Http, K::Method, "httplib::Server::listen", Offload},
  {C::Http, K::Method, "httplib::Server::listen_after_bind", Offload},

  // ---- sync --------------------------------------------------------------
  {C::Sync, K::Method, "std::future::get", Offload},
  {C::Sync, K::Method, "std::future::wait", Offload},
  {C::Sync, K::Method, "std::future::wait_for", Offload, NB::NonPositiveDuration, 0},
  {C::Sync, K::Method, "std::future::wait_until", Offload, NB::PastTimePoint, 0},
  {C::Sync, K::Method, "std::shared_future::get", Offload},
  {C::Sync, K::Method, "std::shared_future::wait", Offload},
  {C::Sync, K::Method, "std::shared_future::wait_for", Offload, NB::NonPositiveDuration, 0},
  {C::Sync, K::Method, "std::shared_future::wait_until", Offload, NB::PastTimePoint, 0},
  {C::Sync, K::Method, "std::thread::join", Offload},
  {C::Sync, K::Method, "std::jthread::join", Offload},
  threadBound({C::Sync, K::Method, "std::condition_variable::wait", "co_await corio::event::wait()"}),
  threadBound({C::Sync, K::Method, "std::condition_variable::wait_for", "co_await corio::event::wait()", NB::NonPositiveDuration, 1}),
  threadBound({C::Sync, K::Method, "std::condition_variable::wait_until", "co_await corio::event::wait()", NB::PastTimePoint, 1}),
  threadBound({C::Sync, K::Method, "std::condition_variable_any::wait", "co_await corio::event::wait()"}),
  threadBound({C::Sync, K::Method, "std::condition_variable_any::wait_for", "co_await corio::event::wait()", NB::NonPositiveDuration, 1}),
  threadBound({C::Sync, K::Method, "std::condition_variable_any::wait_until", "co_await corio::event::wait()", NB::PastTimePoint, 1}),
  {C::Sync, K::Method, "std::counting_semaphore::acquire", "co_await corio::semaphore::acquire()"},
  {C::Sync, K::Method, "std::counting_semaphore::try_acquire_for", "co_await corio::semaphore::acquire()", NB::NonPositiveDuration, 0},
  {C::Sync, K::Method, "std::counting_semaphore::try_acquire_until", "co_await corio::semaphore::acquire()", NB::PastTimePoint, 0},
  {C::Sync, K::Method, "std::latch::wait", "co_await corio::event::wait()"},
  {C::Sync, K::Method, "std::latch::arrive_and_wait", "co_await corio::event::wait()"},
  {C::Sync, K::Method, "std::barrier::wait", "co_await corio::event::wait()"},
  {C::Sync, K::Method, "std::barrier::arrive_and_wait", "co_await corio::event::wait()"},
  {C::Sync, K::Method, "std::atomic::wait", Offload},
  {C::Sync, K::Method, "std::atomic_flag::wait", Offload},
  {C::Sync, K::CxxFunction, "std::atomic_wait", Offload},
  {C::Sync, K::Method, "std::atomic_ref::wait", Offload},
  {C::Sync, K::CxxFunction, "std::atomic_wait_explicit", Offload},
  {C::Sync, K::CxxFunction, "std::atomic_flag_wait", Offload},
  {C::Sync, K::CxxFunction, "std::atomic_flag_wait_explicit", Offload},
  {C::Sync, K::CFunction, "pthread_join", Offload},
  threadBound({C::Sync, K::CFunction, "pthread_cond_wait", "co_await corio::event::wait()"}),
  threadBound({C::Sync, K::CFunction, "pthread_cond_timedwait", "co_await corio::event::wait()", NB::ZeroTimeout, 2}),
  {C::Sync, K::CFunction, "pthread_barrier_wait", "co_await corio::event::wait()"},
  {C::Sync, K::CFunction, "sem_wait", "co_await corio::semaphore::acquire()"},
  {C::Sync, K::CFunction, "sem_timedwait", "co_await corio::semaphore::acquire()", NB::ZeroTimeout, 1},
  {C::Sync, K::CFunction, "sem_clockwait", "co_await corio::semaphore::acquire()", NB::ZeroTimeout, 2},
  // The future std::async returns waits for the task when it is destroyed:
  // discarding it makes the call synchronous.
  {C::Sync, K::CxxFunction, "std::async", Offload, NB::ResultUsed},
  // A std::jthread joins its thread when it is destroyed.
  {C::Sync, K::Destructor, "std::jthread::~jthread", Offload},
  {C::Sync, K::CFunction, "mq_receive", Offload},
  {C::Sync, K::CFunction, "mq_timedreceive", Offload, NB::ZeroTimeout, 4},
  {C::Sync, K::CFunction, "mq_send", Offload},
  {C::Sync, K::CFunction, "mq_timedsend", Offload, NB::ZeroTimeout, 4},
  // System V IPC: a message queue waits unless IPC_NOWAIT; a semaphore
  // operation's flags sit in each sembuf, out of sight.
  {C::Sync, K::CFunction, "msgrcv", Offload, NB::FlagSet, 4, IpcNoWait},
  {C::Sync, K::CFunction, "msgsnd", Offload, NB::FlagSet, 3, IpcNoWait},
  {C::Sync, K::CFunction, "semop", Offload},
  {C::Sync, K::CFunction, "semtimedop", Offload, NB::ZeroTimeout, 3},
  {C::Sync, K::CFunction, "sigwait", Offload},
  {C::Sync, K::CFunction, "sigwaitinfo", Offload},
  {C::Sync, K::CFunction, "sigtimedwait", Offload, NB::ZeroTimeout, 2},
  {C::Sync, K::CFunction, "sigsuspend", Offload},
  {C::Sync, K::CFunction, "pause", Offload},
  // Running another event loop (or waiting for one) on this thread.
  {C::Sync, K::Method, "{asio}::io_context::run", ""},
  {C::Sync, K::Method, "{asio}::io_context::run_one", ""},
  {C::Sync, K::Method, "{asio}::io_context::run_for", ""},
  {C::Sync, K::Method, "{asio}::io_context::run_until", ""},
  {C::Sync, K::Method, "{asio}::thread_pool::join", Offload},
  {C::Sync, K::Method, "{asio}::thread_pool::wait", Offload},
  {C::Sync, K::CxxFunction, "cppcoro::sync_wait", ""},
  {C::Sync, K::CxxFunction, "corio::run", ""},
  {C::Sync, K::CxxFunction, "corio::sync_wait", ""},
  // Other coroutine libraries' blocking bridges: each runs an event loop (or
  // waits for one) on this thread, and lives where no definition can be
  // followed (a prebuilt library, another unit).
  {C::Sync, K::CxxFunction, "coro::sync_wait", ""},
  {C::Sync, K::CxxFunction, "async_simple::coro::syncAwait", ""},
  {C::Sync, K::FunctionObject, "folly::coro::blockingWait", ""},
  {C::Sync, K::FunctionObject, "stdexec::sync_wait", ""},
  {C::Sync, K::FunctionObject, "stdexec::sync_wait_with_variant", ""},
  {C::Sync, K::FunctionObject, "std::this_thread::sync_wait", ""},
  {C::Sync, K::Method, "concurrencpp::result::get", ""},
  {C::Sync, K::Method, "concurrencpp::result::wait", ""},
  {C::Sync, K::Method, "concurrencpp::result::wait_for", "", NB::NonPositiveDuration, 0},
  {C::Sync, K::Method, "concurrencpp::result::wait_until", "", NB::PastTimePoint, 0},
  {C::Sync, K::Method, "concurrencpp::shared_result::get", ""},
  {C::Sync, K::Method, "concurrencpp::shared_result::wait", ""},
  {C::Sync, K::Method, "concurrencpp::shared_result::wait_for", "", NB::NonPositiveDuration, 0},
  {C::Sync, K::Method, "concurrencpp::shared_result::wait_until", "", NB::PastTimePoint, 0},
  {C::Sync, K::CxxFunction, "QCoro::waitFor", ""},
  // Locks: only with FlagMutexLock (short critical sections are common).
  {C::Sync, K::Method, "std::mutex::lock", "co_await corio::mutex::lock()", NB::Never, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Method, "std::recursive_mutex::lock", "co_await corio::mutex::lock()", NB::Never, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Method, "std::timed_mutex::lock", "co_await corio::mutex::lock()", NB::Never, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Method, "std::recursive_timed_mutex::lock", "co_await corio::mutex::lock()", NB::Never, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Method, "std::shared_mutex::lock", "co_await corio::mutex::lock()", NB::Never, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Method, "std::shared_mutex::lock_shared", "co_await corio::mutex::lock()", NB::Never, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Method, "std::unique_lock::lock", "co_await corio::mutex::lock()", NB::Never, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Constructor, "std::lock_guard::lock_guard", "co_await corio::mutex::lock()", NB::LockTagPassed, 1, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Constructor, "std::unique_lock::unique_lock", "co_await corio::mutex::lock()", NB::LockTagPassed, 1, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Constructor, "std::scoped_lock::scoped_lock", "co_await corio::mutex::lock()", NB::LockTagPassed, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Constructor, "std::shared_lock::shared_lock", "co_await corio::mutex::lock()", NB::LockTagPassed, 1, 0, S::None, 0, D::Other, true},
  {C::Sync, K::CFunction, "pthread_mutex_lock", "co_await corio::mutex::lock()", NB::Never, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::CxxFunction, "std::lock", "co_await corio::mutex::lock()", NB::Never, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Method, "std::timed_mutex::try_lock_for", "co_await corio::mutex::lock()", NB::NonPositiveDuration, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Method, "std::timed_mutex::try_lock_until", "co_await corio::mutex::lock()", NB::PastTimePoint, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Method, "std::recursive_timed_mutex::try_lock_for", "co_await corio::mutex::lock()", NB::NonPositiveDuration, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Method, "std::recursive_timed_mutex::try_lock_until", "co_await corio::mutex::lock()", NB::PastTimePoint, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Method, "std::shared_timed_mutex::lock", "co_await corio::mutex::lock()", NB::Never, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Method, "std::shared_timed_mutex::lock_shared", "co_await corio::mutex::lock()", NB::Never, 0, 0, S::None, 0, D::Other, true},
  {C::Sync, K::Method, "std::unique_lock::try_lock_for", "co_await corio::mutex::lock()", NB::NonPositiveDuration, 0, 0, S::None, 0, D::Other, true},

  // ---- process -----------------------------------------------------------
  {C::Process, K::CFunction, "system", "co_await corio::system(...)"},
  {C::Process, K::CFunction, "popen", Offload},
  {C::Process, K::CFunction, "pclose", Offload},
  {C::Process, K::CFunction, "wait", Offload},
  {C::Process, K::CFunction, "waitpid", Offload, NB::FlagSet, 2, WNoHang},
  {C::Process, K::CFunction, "waitid", Offload, NB::FlagSet, 3, WNoHang},
  {C::Process, K::CFunction, "wait3", Offload, NB::FlagSet, 1, WNoHang},
  {C::Process, K::CFunction, "wait4", Offload, NB::FlagSet, 2, WNoHang},

  // ---- file (the stream argument may turn these into console input, or,
  // for writes to stdout/stderr, into nothing) -----------------------------
  {C::File, K::CFunction, "fopen", Offload},
  {C::File, K::CFunction, "fopen64", Offload},
  {C::File, K::CFunction, "freopen", Offload},
  {C::File, K::CFunction, "fclose", Offload, NB::Never, 0, 0, S::CFile, 0, D::Other},
  {C::File, K::CFunction, "fread", Offload, NB::Never, 0, 0, S::CFile, 3, D::Read},
  {C::File, K::CFunction, "fread_unlocked", Offload, NB::Never, 0, 0, S::CFile, 3, D::Read},
  {C::File, K::CFunction, "fwrite", Offload, NB::Never, 0, 0, S::CFile, 3, D::Write},
  {C::File, K::CFunction, "fwrite_unlocked", Offload, NB::Never, 0, 0, S::CFile, 3, D::Write},
  {C::File, K::CFunction, "fgets", Offload, NB::Never, 0, 0, S::CFile, 2, D::Read},
  {C::File, K::CFunction, "fgetc", Offload, NB::Never, 0, 0, S::CFile, 0, D::Read},
  {C::File, K::CFunction, "getc", Offload, NB::Never, 0, 0, S::CFile, 0, D::Read},
  {C::File, K::CFunction, "getc_unlocked", Offload, NB::Never, 0, 0, S::CFile, 0, D::Read},
  {C::File, K::CFunction, "fgetc_unlocked", Offload, NB::Never, 0, 0, S::CFile, 0, D::Read},
  {C::File, K::CFunction, "fgets_unlocked", Offload, NB::Never, 0, 0, S::CFile, 2, D::Read},
  {C::File, K::CFunction, "_IO_getc", Offload, NB::Never, 0, 0, S::CFile, 0, D::Read},
  {C::File, K::CFunction, "getline", Offload, NB::Never, 0, 0, S::CFile, 2, D::Read},
  {C::File, K::CFunction, "getdelim", Offload, NB::Never, 0, 0, S::CFile, 3, D::Read},
  {C::File, K::CFunction, "fscanf", Offload, NB::Never, 0, 0, S::CFile, 0, D::Read},
  {C::File, K::CFunction, "__isoc99_fscanf", Offload, NB::Never, 0, 0, S::CFile, 0, D::Read},
  {C::File, K::CFunction, "__isoc23_fscanf", Offload, NB::Never, 0, 0, S::CFile, 0, D::Read},
  {C::File, K::CFunction, "fputs", Offload, NB::Never, 0, 0, S::CFile, 1, D::Write},
  {C::File, K::CFunction, "fputc", Offload, NB::Never, 0, 0, S::CFile, 1, D::Write},
  {C::File, K::CFunction, "putc", Offload, NB::Never, 0, 0, S::CFile, 1, D::Write},
  {C::File, K::CFunction, "fprintf", Offload, NB::Never, 0, 0, S::CFile, 0, D::Write},
  {C::File, K::CFunction, "vfprintf", Offload, NB::Never, 0, 0, S::CFile, 0, D::Write},
  {C::File, K::CFunction, "fflush", Offload, NB::Never, 0, 0, S::CFile, 0, D::Write},
  {C::File, K::CFunction, "dprintf", Offload, NB::Never, 0, 0, S::Fd, 0, D::Write},
  {C::File, K::CFunction, "fseek", Offload, NB::Never, 0, 0, S::CFile, 0, D::Other},
  {C::File, K::CFunction, "open", Offload},
  {C::File, K::CFunction, "open64", Offload},
  {C::File, K::CFunction, "openat", Offload},
  {C::File, K::CFunction, "creat", Offload},
  {C::File, K::CFunction, "read", "co_await corio::read(...)", NB::Never, 0, 0, S::Fd, 0, D::Read},
  {C::File, K::CFunction, "write", "co_await corio::write(...)", NB::Never, 0, 0, S::Fd, 0, D::Write},
  {C::File, K::CFunction, "pread", Offload, NB::Never, 0, 0, S::Fd, 0, D::Read},
  {C::File, K::CFunction, "pread64", Offload, NB::Never, 0, 0, S::Fd, 0, D::Read},
  {C::File, K::CFunction, "pwrite", Offload, NB::Never, 0, 0, S::Fd, 0, D::Write},
  {C::File, K::CFunction, "pwrite64", Offload, NB::Never, 0, 0, S::Fd, 0, D::Write},
  {C::File, K::CFunction, "readv", Offload, NB::Never, 0, 0, S::Fd, 0, D::Read},
  {C::File, K::CFunction, "writev", Offload, NB::Never, 0, 0, S::Fd, 0, D::Write},
  {C::File, K::CFunction, "fsync", Offload},
  {C::File, K::CFunction, "fdatasync", Offload},
  {C::File, K::CFunction, "sync", Offload},
  {C::File, K::CFunction, "stat", Offload},
  {C::File, K::CFunction, "lstat", Offload},
  {C::File, K::CFunction, "mkdir", Offload},
  {C::File, K::CFunction, "unlink", Offload},
  {C::File, K::CFunction, "rename", Offload},
  {C::File, K::CFunction, "remove", Offload},
  {C::File, K::CFunction, "opendir", Offload},
  {C::File, K::CFunction, "readdir", Offload},
  {C::File, K::CFunction, "flock", Offload, NB::FlagSet, 1, LockNb},
  {C::File, K::CFunction, "lockf", Offload, NB::IntDiffers, 1, FLock},
  {C::File, K::CFunction, "lockf64", Offload, NB::IntDiffers, 1, FLock},
  {C::File, K::CFunction, "fcntl", Offload, NB::IntDiffers, 1, FSetLkW},
  {C::File, K::CFunction, "fcntl64", Offload, NB::IntDiffers, 1, FSetLkW},
  {C::File, K::CFunction, "copy_file_range", Offload},
  {C::File, K::CFunction, "splice", Offload, NB::FlagSet, 5, SpliceFNonblock},
  {C::File, K::CFunction, "tee", Offload, NB::FlagSet, 3, SpliceFNonblock},
  {C::File, K::CFunction, "vmsplice", Offload, NB::FlagSet, 3, SpliceFNonblock},
  {C::File, K::CFunction, "access", Offload},
  {C::File, K::CFunction, "faccessat", Offload},
  {C::File, K::CFunction, "realpath", Offload},
  {C::File, K::CFunction, "truncate", Offload},
  {C::File, K::CFunction, "ftruncate", Offload},
  {C::File, K::CFunction, "statx", Offload},
  {C::File, K::CFunction, "fstatat", Offload},
  {C::File, K::CFunction, "rmdir", Offload},
  {C::File, K::CFunction, "syncfs", Offload},
  // C++ file streams: opening them and reading from them.
  {C::File, K::Constructor, "std::basic_ifstream::basic_ifstream", Offload, NB::NoArguments},
  {C::File, K::Constructor, "std::basic_ofstream::basic_ofstream", Offload, NB::NoArguments},
  {C::File, K::Constructor, "std::basic_fstream::basic_fstream", Offload, NB::NoArguments},
  {C::File, K::Method, "std::basic_ifstream::open", Offload},
  {C::File, K::Method, "std::basic_ofstream::open", Offload},
  {C::File, K::Method, "std::basic_fstream::open", Offload},
  {C::File, K::Method, "std::basic_filebuf::open", Offload},
  // Closing flushes what is buffered to the disk.
  {C::File, K::Method, "std::basic_ofstream::close", Offload},
  {C::File, K::Method, "std::basic_fstream::close", Offload},
  {C::File, K::Method, "std::basic_filebuf::close", Offload},
  // Reads through an istream: file or console, by the stream they are made on.
  {C::File, K::Method, "std::basic_istream::operator>>", Offload, NB::Never, 0, 0, S::CxxStream, 0, D::Read},
  {C::File, K::CxxFunction, "std::operator>>", Offload, NB::Never, 0, 0, S::CxxStream, 0, D::Read},
  {C::File, K::CxxFunction, "std::getline", Offload, NB::Never, 0, 0, S::CxxStream, 0, D::Read},
  {C::File, K::Method, "std::basic_istream::getline", Offload, NB::Never, 0, 0, S::CxxStream, 0, D::Read},
  {C::File, K::Method, "std::basic_istream::get", Offload, NB::Never, 0, 0, S::CxxStream, 0, D::Read},
  {C::File, K::Method, "std::basic_istream::read", Offload, NB::Never, 0, 0, S::CxxStream, 0, D::Read},
  {C::File, K::Method, "std::basic_istream::readsome", Offload, NB::Never, 0, 0, S::CxxStream, 0, D::Read},
  {C::File, K::Method, "std::basic_istream::ignore", Offload, NB::Never, 0, 0, S::CxxStream, 0, D::Read},
  {C::File, K::Method, "std::basic_istream::peek", Offload, NB::Never, 0, 0, S::CxxStream, 0, D::Read},
  {C::File, K::Method, "std::basic_ostream::flush", Offload, NB::Never, 0, 0, S::CxxStream, 0, D::Write},
  // std::filesystem operations that touch the disk.
  {C::File, K::CxxFunction, "std::filesystem::exists", Offload, NB::ArgIsNotPath, 0},
  {C::File, K::CxxFunction, "std::filesystem::is_directory", Offload, NB::ArgIsNotPath, 0},
  {C::File, K::CxxFunction, "std::filesystem::is_regular_file", Offload, NB::ArgIsNotPath, 0},
  {C::File, K::CxxFunction, "std::filesystem::is_symlink", Offload, NB::ArgIsNotPath, 0},
  {C::File, K::CxxFunction, "std::filesystem::is_block_file", Offload, NB::ArgIsNotPath, 0},
  {C::File, K::CxxFunction, "std::filesystem::is_character_file", Offload, NB::ArgIsNotPath, 0},
  {C::File, K::CxxFunction, "std::filesystem::is_fifo", Offload, NB::ArgIsNotPath, 0},
  {C::File, K::CxxFunction, "std::filesystem::is_socket", Offload, NB::ArgIsNotPath, 0},
  {C::File, K::CxxFunction, "std::filesystem::is_other", Offload, NB::ArgIsNotPath, 0},
  {C::File, K::CxxFunction, "std::filesystem::is_empty", Offload},
  {C::File, K::CxxFunction, "std::filesystem::status", Offload},
  {C::File, K::CxxFunction, "std::filesystem::symlink_status", Offload},
  {C::File, K::CxxFunction, "std::filesystem::file_size", Offload},
  {C::File, K::CxxFunction, "std::filesystem::last_write_time", Offload},
  {C::File, K::CxxFunction, "std::filesystem::create_directory", Offload},
  {C::File, K::CxxFunction, "std::filesystem::create_directories", Offload},
  {C::File, K::CxxFunction, "std::filesystem::remove", Offload},
  {C::File, K::CxxFunction, "std::filesystem::remove_all", Offload},
  {C::File, K::CxxFunction, "std::filesystem::rename", Offload},
  {C::File, K::CxxFunction, "std::filesystem::copy", Offload},
  {C::File, K::CxxFunction, "std::filesystem::copy_file", Offload},
  {C::File, K::CxxFunction, "std::filesystem::resize_file", Offload},
  {C::File, K::CxxFunction, "std::filesystem::canonical", Offload},
  {C::File, K::CxxFunction, "std::filesystem::weakly_canonical", Offload},
  {C::File, K::CxxFunction, "std::filesystem::read_symlink", Offload},
  {C::File, K::CxxFunction, "std::filesystem::space", Offload},
  {C::File, K::CxxFunction, "std::filesystem::permissions", Offload},
  {C::File, K::CxxFunction, "std::filesystem::equivalent", Offload},
  {C::File, K::CxxFunction, "std::filesystem::hard_link_count", Offload},
  {C::File, K::CxxFunction, "std::filesystem::relative", Offload},
  {C::File, K::CxxFunction, "std::filesystem::proximate", Offload},
  {C::File, K::CxxFunction, "std::filesystem::create_symlink", Offload},
  {C::File, K::CxxFunction, "std::filesystem::create_directory_symlink", Offload},
  {C::File, K::CxxFunction, "std::filesystem::create_hard_link", Offload},
  {C::File, K::CxxFunction, "std::filesystem::copy_symlink", Offload},
  {C::File, K::CxxFunction, "std::filesystem::temp_directory_path", Offload},
  {C::File, K::Method, "std::filesystem::directory_entry::file_size", Offload},
  {C::File, K::Method, "std::filesystem::directory_entry::last_write_time", Offload},
  {C::File, K::Method, "std::filesystem::directory_entry::hard_link_count", Offload},
  {C::File, K::Method, "std::filesystem::directory_entry::refresh", Offload},
  {C::File, K::Method, "std::filesystem::directory_entry::status", Offload},
  {C::File, K::Method, "std::filesystem::directory_entry::symlink_status", Offload},
  {C::File, K::Constructor, "std::filesystem::directory_iterator::directory_iterator", Offload, NB::NoArguments},
  {C::File, K::Constructor, "std::filesystem::recursive_directory_iterator::recursive_directory_iterator", Offload, NB::NoArguments},

  // ---- console input (stdin is implicit) ---------------------------------
  {C::Console, K::CFunction, "scanf", Offload},
  {C::Console, K::CFunction, "__isoc99_scanf", Offload},
  {C::Console, K::CFunction, "__isoc23_scanf", Offload},
  {C::Console, K::CFunction, "vscanf", Offload},
  {C::Console, K::CFunction, "getchar", Offload},
  {C::Console, K::CFunction, "getchar_unlocked", Offload},
  {C::Console, K::CFunction, "gets", Offload},
};
// clang-format on

// Functions that call the callables passed to them before they return.
// clang-format off
const char *const CallableRunners[] = {
  "std::invoke", "std::invoke_r", "std::apply", "std::visit", "std::call_once",
  "std::for_each", "std::for_each_n", "std::all_of", "std::any_of", "std::none_of",
  "std::find_if", "std::find_if_not", "std::count_if", "std::adjacent_find", "std::mismatch",
  "std::equal", "std::search", "std::find_end", "std::find_first_of",
  "std::transform", "std::generate", "std::generate_n", "std::remove_if", "std::remove_copy_if",
  "std::replace_if", "std::replace_copy_if", "std::copy_if", "std::unique", "std::unique_copy",
  "std::partition", "std::stable_partition", "std::partition_copy", "std::partition_point",
  "std::is_partitioned", "std::sort", "std::stable_sort", "std::partial_sort",
  "std::partial_sort_copy", "std::nth_element", "std::is_sorted", "std::is_sorted_until",
  "std::lower_bound", "std::upper_bound", "std::equal_range", "std::binary_search", "std::merge",
  "std::inplace_merge", "std::includes", "std::set_union", "std::set_intersection",
  "std::set_difference", "std::set_symmetric_difference", "std::min_element", "std::max_element",
  "std::minmax_element", "std::min", "std::max", "std::minmax", "std::clamp",
  "std::lexicographical_compare", "std::make_heap", "std::push_heap", "std::pop_heap",
  "std::sort_heap", "std::is_heap", "std::is_heap_until", "std::erase_if",
  "std::accumulate", "std::reduce", "std::transform_reduce", "std::inner_product",
  "std::partial_sum", "std::inclusive_scan", "std::exclusive_scan",
  "std::transform_inclusive_scan", "std::transform_exclusive_scan", "std::adjacent_difference",
  "std::ranges::for_each", "std::ranges::for_each_n", "std::ranges::all_of",
  "std::ranges::any_of", "std::ranges::none_of", "std::ranges::find_if",
  "std::ranges::find_if_not", "std::ranges::count_if", "std::ranges::adjacent_find",
  "std::ranges::mismatch", "std::ranges::equal", "std::ranges::search", "std::ranges::transform",
  "std::ranges::generate", "std::ranges::generate_n", "std::ranges::remove_if",
  "std::ranges::replace_if", "std::ranges::copy_if", "std::ranges::unique",
  "std::ranges::partition", "std::ranges::stable_partition", "std::ranges::sort",
  "std::ranges::stable_sort", "std::ranges::partial_sort", "std::ranges::nth_element",
  "std::ranges::is_sorted", "std::ranges::lower_bound", "std::ranges::upper_bound",
  "std::ranges::equal_range", "std::ranges::binary_search", "std::ranges::min_element",
  "std::ranges::max_element", "std::ranges::minmax_element", "std::ranges::min",
  "std::ranges::max", "std::ranges::minmax", "std::ranges::clamp", "std::ranges::fold_left",
  "std::ranges::fold_right", "std::ranges::contains", "std::ranges::find",
  "std::ranges::count",
};
// clang-format on

using RW = RewriteWhen;

// The direct equivalents in corio: same arguments, same value where it is used.
// clang-format off
const ApiRewrite Rewrites[] = {
  {"sleep", "co_await corio::sleep_for(std::chrono::seconds($0))", "corio/sleep.hpp", RW::ResultUnused},
  {"usleep", "co_await corio::sleep_for(std::chrono::microseconds($0))", "corio/sleep.hpp", RW::ResultUnused},
  {"nanosleep", "co_await corio::sleep_for($*0)", "corio/sleep.hpp", RW::ResultUnusedAndArg1Null},
  {"std::this_thread::sleep_for", "co_await corio::sleep_for($0)", "corio/sleep.hpp"},
  {"std::this_thread::sleep_until", "co_await corio::sleep_until($0)", "corio/sleep.hpp"},
  {"connect", "co_await corio::connect($*)", "corio/net.hpp"},
  {"accept", "co_await corio::accept($*)", "corio/net.hpp"},
  {"accept4", "co_await corio::accept4($*)", "corio/net.hpp"},
  {"recv", "co_await corio::recv($*)", "corio/net.hpp"},
  {"recvfrom", "co_await corio::recvfrom($*)", "corio/net.hpp"},
  {"recvmsg", "co_await corio::recvmsg($*)", "corio/net.hpp"},
  {"send", "co_await corio::send($*)", "corio/net.hpp"},
  {"sendto", "co_await corio::sendto($*)", "corio/net.hpp"},
  {"sendmsg", "co_await corio::sendmsg($*)", "corio/net.hpp"},
  {"poll", "co_await corio::poll($*)", "corio/net.hpp", RW::Arg1IsOne},
  {"read", "co_await corio::read($*)", "corio/net.hpp"},
  {"write", "co_await corio::write($*)", "corio/net.hpp"},
  {"getaddrinfo", "co_await corio::getaddrinfo($*)", "corio/dns.hpp"},
  {"curl_easy_perform", "co_await corio::curl_perform($0)", "corio/curl.hpp"},
  {"system", "co_await corio::system($0)", "corio/process.hpp"},
};
// clang-format on

} // namespace

llvm::ArrayRef<BlockingApi> blockingApiTable() { return Table; }
llvm::ArrayRef<ApiRewrite> defaultRewrites() { return Rewrites; }
llvm::ArrayRef<const char *> callableRunners() { return CallableRunners; }

llvm::StringRef categoryName(Category C) {
  switch (C) {
  case Category::Sleep: return "sleep";
  case Category::Socket: return "socket";
  case Category::Dns: return "dns";
  case Category::Http: return "http";
  case Category::Sync: return "sync";
  case Category::Process: return "process";
  case Category::File: return "file";
  case Category::Console: return "console";
  case Category::Call: return "call";
  }
  return "call";
}

std::optional<Category> parseCategory(llvm::StringRef Name) {
  for (unsigned I = 0; I < NumCategories; ++I)
    if (categoryName(static_cast<Category>(I)) == Name)
      return static_cast<Category>(I);
  return std::nullopt;
}

} // namespace corolint
