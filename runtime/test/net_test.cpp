#include <corio/net.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/wait_for.hpp>
#include <corio/yield.hpp>

using namespace std::chrono_literals;
using corio::task;

namespace {

// The co_await of each awaitable has the POSIX function's return type.
static_assert(std::is_same_v<decltype(corio::recv(0, nullptr, 0, 0).await_resume()), ssize_t>);
static_assert(std::is_same_v<decltype(corio::send(0, nullptr, 0, 0).await_resume()), ssize_t>);
static_assert(std::is_same_v<decltype(corio::read(0, nullptr, 0).await_resume()), ssize_t>);
static_assert(std::is_same_v<decltype(corio::write(0, nullptr, 0).await_resume()), ssize_t>);
static_assert(std::is_same_v<decltype(corio::recvfrom(0, nullptr, 0, 0, nullptr, nullptr).await_resume()), ssize_t>);
static_assert(std::is_same_v<decltype(corio::sendto(0, nullptr, 0, 0, nullptr, 0).await_resume()), ssize_t>);
static_assert(std::is_same_v<decltype(corio::recvmsg(0, nullptr, 0).await_resume()), ssize_t>);
static_assert(std::is_same_v<decltype(corio::sendmsg(0, nullptr, 0).await_resume()), ssize_t>);
static_assert(std::is_same_v<decltype(corio::accept(0, nullptr, nullptr).await_resume()), int>);
static_assert(std::is_same_v<decltype(corio::accept4(0, nullptr, nullptr, 0).await_resume()), int>);
static_assert(std::is_same_v<decltype(corio::connect(0, nullptr, 0).await_resume()), int>);
static_assert(std::is_same_v<decltype(corio::poll(nullptr, 0, 0).await_resume()), int>);

struct fd_guard {
  int fd;
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
};

// A blocking listening socket on 127.0.0.1 with a kernel-chosen port.
int make_listener(sockaddr_in& addr) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(::listen(fd, 128), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return fd;
}

task<std::string> echo_server_once(int listener) {
  sockaddr_in peer{};
  socklen_t len = sizeof peer;
  int c = co_await corio::accept(listener, reinterpret_cast<sockaddr*>(&peer), &len);
  EXPECT_GE(c, 0) << std::strerror(errno);
  fd_guard g{c};
  EXPECT_EQ(peer.sin_family, AF_INET);
  char buf[64];
  ssize_t n = co_await corio::recv(c, buf, sizeof buf, 0);
  EXPECT_GT(n, 0);
  std::string got(buf, static_cast<std::size_t>(n));
  co_await corio::send(c, buf, static_cast<std::size_t>(n), 0);
  co_return got;
}

task<std::string> client(sockaddr_in addr, std::string msg) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);  // a blocking socket
  fd_guard g{fd};
  int r = co_await corio::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  EXPECT_EQ(r, 0) << std::strerror(errno);
  EXPECT_EQ(co_await corio::write(fd, msg.data(), msg.size()), static_cast<ssize_t>(msg.size()));
  std::string reply(msg.size(), '\0');
  std::size_t got = 0;
  while (got < reply.size()) {
    ssize_t n = co_await corio::read(fd, reply.data() + got, reply.size() - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  co_return reply;
}

}  // namespace

TEST(Net, EchoOverLoopbackWithBlockingSockets) {
  sockaddr_in addr{};
  fd_guard l{make_listener(addr)};
  auto [served, reply] = corio::run([&]() -> task<std::tuple<std::string, std::string>> {
    co_return co_await corio::gather(echo_server_once(l.fd), client(addr, "hello corio"));
  }());
  EXPECT_EQ(served, "hello corio");
  EXPECT_EQ(reply, "hello corio");
  // The fds stayed blocking: nothing was switched behind the caller's back.
  EXPECT_FALSE(::fcntl(l.fd, F_GETFL) & O_NONBLOCK);
}

TEST(Net, ManyConcurrentConnections) {
  sockaddr_in addr{};
  fd_guard l{make_listener(addr)};
  auto main_task = [&]() -> task<int> {
    std::vector<task<std::string>> clients;
    for (int i = 0; i < 20; ++i) clients.push_back(client(addr, "msg" + std::to_string(i)));
    auto all_clients = [](std::vector<task<std::string>> cs) -> task<std::vector<std::string>> {
      co_return co_await corio::gather(std::move(cs));
    };
    // One acceptor at a time per fd: accept sequentially while the clients run.
    auto acceptors = [](int fd, int n) -> task<int> {
      int ok = 0;
      for (int i = 0; i < n; ++i) ok += !(co_await echo_server_once(fd)).empty();
      co_return ok;
    };
    auto [ok, replies] = co_await corio::gather(acceptors(l.fd, 20), all_clients(std::move(clients)));
    for (int i = 0; i < 20; ++i) EXPECT_EQ(replies[static_cast<std::size_t>(i)], "msg" + std::to_string(i));
    co_return ok;
  };
  EXPECT_EQ(corio::run(main_task()), 20);
}

TEST(Net, ErrorsComeBackAsPosixValues) {
  corio::run([]() -> task<void> {
    char c;
    errno = 0;
    EXPECT_EQ(co_await corio::recv(-1, &c, 1, 0), -1);
    EXPECT_EQ(errno, EBADF);
    // Connection refused: bind a port, close it, connect to it.
    sockaddr_in addr{};
    int l = make_listener(addr);
    ::close(l);
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    errno = 0;
    EXPECT_EQ(co_await corio::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), -1);
    EXPECT_EQ(errno, ECONNREFUSED);
    ::close(fd);
  }());
}

TEST(Net, CancelledRecvRemovesFdInterest) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  fd_guard a{sv[0]}, b{sv[1]};
  auto main_task = [&]() -> task<bool> {
    auto h = corio::spawn([](int fd) -> task<ssize_t> {
      char buf[8];
      co_return co_await corio::recv(fd, buf, sizeof buf, 0);
    }(a.fd));
    co_await corio::yield();
    EXPECT_EQ(corio::event_loop::current()->pending_io(), 1u);
    h.cancel();
    EXPECT_EQ(corio::event_loop::current()->pending_io(), 0u);
    bool cancelled = false;
    try {
      co_await std::move(h);
    } catch (const corio::cancelled_error&) {
      cancelled = true;
    }
    // The fd is usable again by someone else, and no data was consumed.
    ::send(b.fd, "x", 1, 0);
    char c = 0;
    EXPECT_EQ(co_await corio::recv(a.fd, &c, 1, 0), 1);
    EXPECT_EQ(c, 'x');
    co_return cancelled;
  };
  EXPECT_TRUE(corio::run(main_task()));
}

TEST(Net, TimeoutOfEveryDirection) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  fd_guard a{sv[0]}, b{sv[1]};
  corio::run([&]() -> task<void> {
    char buf[16];
    EXPECT_THROW(co_await corio::wait_for(corio::recv(a.fd, buf, sizeof buf, 0), 5ms), corio::timeout_error);
    EXPECT_THROW(co_await corio::wait_for(corio::read(a.fd, buf, sizeof buf), 5ms), corio::timeout_error);
    // Fill the send buffer so that send would block.
    std::vector<char> big(1 << 16, 'z');
    while (::send(a.fd, big.data(), big.size(), MSG_DONTWAIT) > 0) {
    }
    EXPECT_THROW(co_await corio::wait_for(corio::send(a.fd, big.data(), big.size(), 0), 5ms), corio::timeout_error);
    EXPECT_THROW(co_await corio::wait_for(corio::write(a.fd, big.data(), big.size()), 5ms), corio::timeout_error);
    sockaddr_in addr{};
    fd_guard l{make_listener(addr)};
    EXPECT_THROW(co_await corio::wait_for(corio::accept(l.fd, nullptr, nullptr), 5ms), corio::timeout_error);
    EXPECT_EQ(corio::event_loop::current()->pending_io(), 0u);
    EXPECT_EQ(corio::event_loop::current()->pending_timers(), 0u);
  }());
}

TEST(Net, LargeTransferWithPartialWrites) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  fd_guard a{sv[0]}, b{sv[1]};
  const std::size_t total = 4 << 20;
  auto writer = [](int fd, std::size_t total) -> task<std::size_t> {
    std::vector<char> data(total);
    for (std::size_t i = 0; i < total; ++i) data[i] = static_cast<char>(i % 251);
    std::size_t sent = 0;
    while (sent < total) {
      ssize_t n = co_await corio::send(fd, data.data() + sent, total - sent, 0);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
    co_return sent;
  };
  auto reader = [](int fd) -> task<std::size_t> {
    std::vector<char> buf(65536);
    std::size_t got = 0;
    bool ok = true;
    for (;;) {
      ssize_t n = co_await corio::read(fd, buf.data(), buf.size());
      if (n <= 0) break;
      for (ssize_t i = 0; i < n; ++i)
        ok &= buf[static_cast<std::size_t>(i)] == static_cast<char>((got + static_cast<std::size_t>(i)) % 251);
      got += static_cast<std::size_t>(n);
    }
    EXPECT_TRUE(ok);
    co_return got;
  };
  auto [sent, got] = corio::run([&]() -> task<std::tuple<std::size_t, std::size_t>> {
    co_return co_await corio::gather(writer(a.fd, total), reader(b.fd));
  }());
  EXPECT_EQ(sent, total);
  EXPECT_EQ(got, total);
}

TEST(Net, PipesWithBlockingFds) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  fd_guard r{p[0]}, w{p[1]};
  auto [text, written] = corio::run([&]() -> task<std::tuple<std::string, ssize_t>> {
    auto reader = [](int fd) -> task<std::string> {
      char buf[32];
      ssize_t n = co_await corio::read(fd, buf, sizeof buf);
      co_return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
    };
    auto writer = [](int fd) -> task<ssize_t> {
      co_await corio::yield();  // the reader waits first
      co_return co_await corio::write(fd, "pipe", 4);
    };
    co_return co_await corio::gather(reader(r.fd), writer(w.fd));
  }());
  EXPECT_EQ(text, "pipe");
  EXPECT_EQ(written, 4);
}

TEST(Net, DatagramsAndMessages) {
  corio::run([]() -> task<void> {
    int s = ::socket(AF_INET, SOCK_DGRAM, 0);
    fd_guard g{s};
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
    auto receiver = [](int s) -> task<std::string> {
      char buf[16];
      sockaddr_in from{};
      socklen_t flen = sizeof from;
      ssize_t n = co_await corio::recvfrom(s, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &flen);
      co_return std::string(buf, static_cast<std::size_t>(n));
    };
    auto sender = [](int s, sockaddr_in to) -> task<ssize_t> {
      co_await corio::yield();
      co_return co_await corio::sendto(s, "dgram", 5, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    };
    auto [msg, n] = co_await corio::gather(receiver(s), sender(s, addr));
    EXPECT_EQ(msg, "dgram");
    EXPECT_EQ(n, 5);

    int sv[2];
    ::socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    fd_guard a{sv[0]}, b{sv[1]};
    char out[] = "msghdr";
    iovec iov{out, 6};
    msghdr m{};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    EXPECT_EQ(co_await corio::sendmsg(a.fd, &m, 0), 6);
    char in[8] = {};
    iovec iov2{in, sizeof in};
    msghdr m2{};
    m2.msg_iov = &iov2;
    m2.msg_iovlen = 1;
    EXPECT_EQ(co_await corio::recvmsg(b.fd, &m2, 0), 6);
    EXPECT_STREQ(in, "msghdr");
  }());
}

TEST(Net, Accept4AppliesFlags) {
  sockaddr_in addr{};
  fd_guard l{make_listener(addr)};
  corio::run([&]() -> task<void> {
    auto connector = [](sockaddr_in addr) -> task<int> {
      int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      int r = co_await corio::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
      ::close(fd);
      co_return r;
    };
    auto acceptor = [](int l) -> task<int> {
      int c = co_await corio::accept4(l, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      int fl = ::fcntl(c, F_GETFL);
      int fdfl = ::fcntl(c, F_GETFD);
      ::close(c);
      co_return (fl & O_NONBLOCK) && (fdfl & FD_CLOEXEC);
    };
    auto [ok, r] = co_await corio::gather(acceptor(l.fd), connector(addr));
    EXPECT_TRUE(ok);
    EXPECT_EQ(r, 0);
  }());
}

TEST(Net, PollReadinessTimeoutAndCancel) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  fd_guard a{sv[0]}, b{sv[1]};
  corio::run([&]() -> task<void> {
    pollfd p{a.fd, POLLIN, 0};
    EXPECT_EQ(co_await corio::poll(&p, 1, 0), 0);   // immediate
    EXPECT_EQ(co_await corio::poll(&p, 1, 10), 0);  // times out
    EXPECT_EQ(corio::event_loop::current()->pending_io(), 0u);
    auto later = [](int fd) -> task<void> {
      co_await corio::yield();
      ::send(fd, "!", 1, 0);
    };
    auto waiter = [](pollfd* p) -> task<int> { co_return co_await corio::poll(p, 1, -1); };
    auto [n, none] = co_await corio::gather(waiter(&p), later(b.fd));
    EXPECT_EQ(n, 1);
    EXPECT_TRUE(p.revents & POLLIN);
    char c;
    ::recv(a.fd, &c, 1, 0);
    p.revents = 0;
    EXPECT_THROW(co_await corio::wait_for(corio::poll(&p, 1, -1), 5ms), corio::timeout_error);
    EXPECT_EQ(corio::event_loop::current()->pending_io(), 0u);
    // Two fds, the second becomes ready.
    int sv2[2];
    ::socketpair(AF_UNIX, SOCK_STREAM, 0, sv2);
    fd_guard c2{sv2[0]}, d2{sv2[1]};
    pollfd ps[2] = {{a.fd, POLLIN, 0}, {c2.fd, POLLIN, 0}};
    auto waiter2 = [](pollfd* p) -> task<int> { co_return co_await corio::poll(p, 2, 1000); };
    auto [m, none2] = co_await corio::gather(waiter2(ps), later(d2.fd));
    EXPECT_EQ(m, 1);
    EXPECT_EQ(ps[0].revents, 0);
    EXPECT_TRUE(ps[1].revents & POLLIN);
  }());
}

TEST(Net, ReadsThatUsuallyWaitStillGetDataAlreadyThere) {
  // After reads that found nothing, corio waits for readiness before the first attempt
  // (event_loop::should_wait_before_read). Data already waiting, an empty read and
  // out-of-band data must still come back as the calls would return them.
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  fd_guard a{sv[0]}, b{sv[1]};
  auto main_task = [&]() -> task<std::string> {
    std::string got;
    char buf[16];
    for (int round = 0; round < 20; ++round) {
      // Nothing there yet: the first attempt (if made) finds nothing.
      auto reader = corio::spawn([](int fd) -> task<std::string> {
        char buf[16];
        ssize_t n = co_await corio::recv(fd, buf, sizeof buf, 0);
        co_return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "?";
      }(a.fd));
      co_await corio::yield();
      EXPECT_EQ(::send(b.fd, "r", 1, 0), 1);
      got += co_await std::move(reader);
      // Already there: returned whether or not the first attempt is skipped.
      EXPECT_EQ(::send(b.fd, "d", 1, 0), 1);
      ssize_t n =
          round % 2 ? co_await corio::read(a.fd, buf, sizeof buf) : co_await corio::recv(a.fd, buf, sizeof buf, 0);
      got += n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "?";
    }
    co_return got;
  };
  std::string expected;
  for (int round = 0; round < 20; ++round) expected += "rd";
  EXPECT_EQ(corio::run(main_task()), expected);

  // An empty read of a (non-blocking) pipe returns 0 at once, as read(2) does, even after
  // reads that waited.
  int p[2];
  ASSERT_EQ(::pipe2(p, O_NONBLOCK), 0);
  fd_guard r{p[0]}, w{p[1]};
  auto pipe_task = [&]() -> task<ssize_t> {
    char buf[4];
    for (int round = 0; round < 4; ++round) {
      auto reader = corio::spawn([](int fd) -> task<ssize_t> {
        char c;
        co_return co_await corio::read(fd, &c, 1);
      }(r.fd));
      co_await corio::yield();
      EXPECT_EQ(::write(w.fd, "x", 1), 1);
      EXPECT_EQ(co_await std::move(reader), 1);
    }
    co_return co_await corio::read(r.fd, buf, 0);
  };
  EXPECT_EQ(corio::run(pipe_task()), 0);
}

// ---- A blocking call's result, not a non-blocking one's (docs/corio.md, "Short counts") ----
//
// corolint rewrites `send(fd, buf, n, 0)` into `co_await corio::send(fd, buf, n, 0)`: on a
// blocking fd both must return the same count. Where the kernel decides what a blocking
// call does in an odd case (an error after part of the data, a datagram, the end of the
// stream), the test runs the blocking call too and compares.

namespace {

enum class stream_kind { unix_domain, tcp };
const char* name_of(stream_kind k) { return k == stream_kind::tcp ? "tcp" : "unix"; }

// A connected pair of blocking stream sockets. A small send buffer on [0] (and receive
// buffer on [1]) makes a large send fill it and wait. (Not too small for TCP: with 4 KB
// windows, a blocking send of 1 MB over loopback takes 20 s.)
std::array<int, 2> stream_pair(stream_kind kind) {
  std::array<int, 2> fds{-1, -1};
  if (kind == stream_kind::unix_domain) {
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds.data()), 0);
  } else {
    sockaddr_in addr{};
    fd_guard l{make_listener(addr)};
    fds[0] = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    EXPECT_EQ(::connect(fds[0], reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    fds[1] = ::accept4(l.fd, nullptr, nullptr, SOCK_CLOEXEC);
  }
  int small = kind == stream_kind::tcp ? 32768 : 4096;
  ::setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  ::setsockopt(fds[1], SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  return fds;
}

std::vector<char> pattern(std::size_t n, std::size_t seed = 0) {
  std::vector<char> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<char>((i + seed) % 251);
  return v;
}

// Reads `fd` to the end of the stream in `piece`-byte reads with a pause after each, so
// that the other side's buffer stays full for a while. Counts descriptors passed with
// SCM_RIGHTS (and closes them).
struct slow_reader {
  std::vector<char> got;
  int fds_received = 0;
  std::thread thread;
  slow_reader(int fd, std::size_t piece, std::chrono::microseconds pause)
      : thread([this, fd, piece, pause] {
          std::vector<char> buf(piece);
          for (;;) {
            alignas(cmsghdr) char control[CMSG_SPACE(4 * sizeof(int))];
            iovec iov{buf.data(), buf.size()};
            msghdr m{};
            m.msg_iov = &iov;
            m.msg_iovlen = 1;
            m.msg_control = control;
            m.msg_controllen = sizeof control;
            ssize_t n = ::recvmsg(fd, &m, 0);
            if (n <= 0) break;
            for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
              if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
              const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
              for (std::size_t i = 0; i < count; ++i) {
                int passed;
                std::memcpy(&passed, CMSG_DATA(c) + i * sizeof(int), sizeof passed);
                ::close(passed);
                ++fds_received;
              }
            }
            got.insert(got.end(), buf.begin(), buf.begin() + n);
            std::this_thread::sleep_for(pause);
          }
        }) {}
  slow_reader(const slow_reader&) = delete;
  ~slow_reader() {
    if (thread.joinable()) thread.join();
  }
  std::vector<char>& join() {
    thread.join();
    return got;
  }
};

// Counts SIGPIPEs (sent to the thread that made the call) while in scope.
std::atomic<int> sigpipes{0};
struct count_sigpipe {
  struct sigaction old{};
  count_sigpipe() {
    sigpipes = 0;
    struct sigaction sa{};
    sa.sa_handler = [](int) { sigpipes.fetch_add(1); };
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGPIPE, &sa, &old);
  }
  ~count_sigpipe() { ::sigaction(SIGPIPE, &old, nullptr); }
};

bool is_nonblocking(int fd) { return ::fcntl(fd, F_GETFL) & O_NONBLOCK; }

}  // namespace

TEST(Net, SendOnBlockingStreamSocketQueuesEveryByte) {
  for (stream_kind kind : {stream_kind::unix_domain, stream_kind::tcp}) {
    SCOPED_TRACE(name_of(kind));
    auto [a, b] = stream_pair(kind);
    fd_guard ga{a}, gb{b};
    const auto data = pattern(1 << 20);
    slow_reader reader(b, 4096, std::chrono::microseconds(100));
    const ssize_t n = corio::run([](int fd, const std::vector<char>& d) -> task<ssize_t> {
      co_return co_await corio::send(fd, d.data(), d.size(), 0);
    }(a, data));
    ::shutdown(a, SHUT_WR);
    const auto& got = reader.join();
    EXPECT_EQ(n, static_cast<ssize_t>(data.size()));
    EXPECT_EQ(got.size(), data.size());
    EXPECT_TRUE(got == data);
    EXPECT_FALSE(is_nonblocking(a));
  }
}

TEST(Net, SendtoSendmsgAndWriteOnBlockingSocketsQueueEveryByte) {
  for (stream_kind kind : {stream_kind::unix_domain, stream_kind::tcp}) {
    for (int call = 0; call < 3; ++call) {
      SCOPED_TRACE(std::string(name_of(kind)) + (call == 0 ? " sendto" : call == 1 ? " sendmsg" : " write"));
      auto [a, b] = stream_pair(kind);
      fd_guard ga{a}, gb{b};
      const auto data = pattern(600000, static_cast<std::size_t>(call));
      slow_reader reader(b, 8192, std::chrono::microseconds(100));
      // sendmsg: three iovecs, and on a Unix socket a descriptor, sent once with the first bytes.
      const bool pass_fd = call == 1 && kind == stream_kind::unix_domain;
      int passed = ::dup(0);
      fd_guard gp{passed};
      const ssize_t n = corio::run([](int fd, const std::vector<char>& d, int call, int passed) -> task<ssize_t> {
        if (call == 0) co_return co_await corio::sendto(fd, d.data(), d.size(), 0, nullptr, 0);
        if (call == 2) co_return co_await corio::write(fd, d.data(), d.size());
        char* p = const_cast<char*>(d.data());
        iovec iov[3] = {{p, 1000}, {p + 1000, 300000}, {p + 301000, d.size() - 301000}};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
        msghdr m{};
        m.msg_iov = iov;
        m.msg_iovlen = 3;
        if (passed >= 0) {
          m.msg_control = control;
          m.msg_controllen = sizeof control;
          cmsghdr* c = CMSG_FIRSTHDR(&m);
          c->cmsg_level = SOL_SOCKET;
          c->cmsg_type = SCM_RIGHTS;
          c->cmsg_len = CMSG_LEN(sizeof(int));
          std::memcpy(CMSG_DATA(c), &passed, sizeof passed);
        }
        ssize_t r = co_await corio::sendmsg(fd, &m, 0);
        EXPECT_EQ(iov[1].iov_len, 300000u);  // the caller's iovecs are left as they were
        co_return r;
      }(a, data, call, pass_fd ? passed : -1));
      ::shutdown(a, SHUT_WR);
      const auto& got = reader.join();
      EXPECT_EQ(n, static_cast<ssize_t>(data.size()));
      EXPECT_EQ(got.size(), data.size());
      EXPECT_TRUE(got == data);
      EXPECT_EQ(reader.fds_received, pass_fd ? 1 : 0);
    }
  }
}

TEST(Net, WriteToBlockingPipeWritesEveryByte) {
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  fd_guard r{p[0]}, w{p[1]};
  auto write_all_of = [](int fd, const std::vector<char>& d) -> task<ssize_t> {
    co_return co_await corio::write(fd, d.data(), d.size());
  };
  // More than PIPE_BUF, less than the pipe holds: one blocking write, no reader needed.
  const auto small = pattern(10000);
  EXPECT_EQ(corio::run(write_all_of(w.fd, small)), 10000);
  std::vector<char> back(small.size());
  EXPECT_EQ(::read(r.fd, back.data(), back.size()), 10000);
  EXPECT_TRUE(back == small);
  // More than the pipe holds: written as the reader drains it.
  const auto big = pattern(1 << 20, 7);
  std::vector<char> got;
  std::thread reader([&] {
    std::vector<char> buf(16384);
    for (;;) {
      ssize_t n = ::read(r.fd, buf.data(), buf.size());
      if (n <= 0) break;
      got.insert(got.end(), buf.begin(), buf.begin() + n);
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
  });
  EXPECT_EQ(corio::run(write_all_of(w.fd, big)), static_cast<ssize_t>(big.size()));
  ::close(w.fd);
  w.fd = -1;
  reader.join();
  EXPECT_EQ(got.size(), big.size());
  EXPECT_TRUE(got == big);
}

TEST(Net, WaitAllReceivesTheWholeRequest) {
  using namespace std::chrono_literals;
  for (stream_kind kind : {stream_kind::unix_domain, stream_kind::tcp}) {
    SCOPED_TRACE(name_of(kind));
    auto [a, b] = stream_pair(kind);
    fd_guard ga{a}, gb{b};
    const auto data = pattern(16);
    // Each receive asks for 16 bytes that arrive in pieces, with pauses between them.
    auto send_in_pieces = [&, b = b](std::size_t piece) {
      return std::thread([&data, b, piece] {
        for (std::size_t off = 0; off < data.size(); off += piece) {
          std::this_thread::sleep_for(5ms);
          ::send(b, data.data() + off, std::min(piece, data.size() - off), 0);
        }
      });
    };
    char buf[16];
    auto t1 = send_in_pieces(4);
    EXPECT_EQ(corio::run([](int fd, char* buf) -> task<ssize_t> {
                co_return co_await corio::recv(fd, buf, 16, MSG_WAITALL);
              }(a, buf)),
              16);
    t1.join();
    EXPECT_EQ(std::memcmp(buf, data.data(), 16), 0);

    std::memset(buf, 0, sizeof buf);
    auto t2 = send_in_pieces(5);
    EXPECT_EQ(corio::run([](int fd, char* buf) -> task<ssize_t> {
                co_return co_await corio::recvfrom(fd, buf, 16, MSG_WAITALL, nullptr, nullptr);
              }(a, buf)),
              16);
    t2.join();
    EXPECT_EQ(std::memcmp(buf, data.data(), 16), 0);

    std::memset(buf, 0, sizeof buf);
    auto t3 = send_in_pieces(3);
    iovec iov[3] = {{buf, 2}, {buf + 2, 9}, {buf + 11, 5}};
    msghdr m{};
    m.msg_iov = iov;
    m.msg_iovlen = 3;
    EXPECT_EQ(corio::run([](int fd, msghdr* m) -> task<ssize_t> {
                co_return co_await corio::recvmsg(fd, m, MSG_WAITALL);
              }(a, &m)),
              16);
    t3.join();
    EXPECT_EQ(std::memcmp(buf, data.data(), 16), 0);
    EXPECT_EQ(iov[1].iov_base, buf + 2);  // the caller's iovecs are left as they were
    EXPECT_EQ(iov[1].iov_len, 9u);
  }
}

TEST(Net, WaitAllWithPassedDescriptorsLikeTheBlockingCall) {
  // A Unix-domain recvmsg(MSG_WAITALL) of 12 bytes sent in three pieces stops after the
  // piece that brings descriptors, whether it is the first or a later one (Linux 6.x).
  using namespace std::chrono_literals;
  auto send_with_fd = [](int fd, const char* four, int passed) {
    iovec iov{const_cast<char*>(four), 4};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr m{};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = control;
    m.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &passed, sizeof passed);
    ASSERT_EQ(::sendmsg(fd, &m, 0), 4);
  };
  struct outcome {
    ssize_t n;
    std::size_t control_len;
    int fds;
    bool operator==(const outcome&) const = default;
  };
  for (int fd_piece = 0; fd_piece < 2; ++fd_piece) {
    SCOPED_TRACE(fd_piece == 0 ? "descriptor with the first piece" : "descriptor with the second piece");
    outcome results[2];
    for (int use_corio = 0; use_corio < 2; ++use_corio) {
      int sv[2];
      ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
      fd_guard a{sv[0]}, b{sv[1]};
      std::thread writer([&] {
        if (fd_piece == 0)
          send_with_fd(b.fd, "abcd", 0);
        else
          ::send(b.fd, "abcd", 4, 0);
        std::this_thread::sleep_for(20ms);
        if (fd_piece == 1)
          send_with_fd(b.fd, "efgh", 0);
        else
          ::send(b.fd, "efgh", 4, 0);
        std::this_thread::sleep_for(20ms);
        ::send(b.fd, "ijkl", 4, 0);
      });
      char buf[12];
      iovec iov{buf, sizeof buf};
      alignas(cmsghdr) char control[64];
      msghdr m{};
      m.msg_iov = &iov;
      m.msg_iovlen = 1;
      m.msg_control = control;
      m.msg_controllen = sizeof control;
      ssize_t n = use_corio ? corio::run([](int fd, msghdr* m) -> task<ssize_t> {
        co_return co_await corio::recvmsg(fd, m, MSG_WAITALL);
      }(a.fd, &m))
                            : ::recvmsg(a.fd, &m, MSG_WAITALL);
      writer.join();
      int fds = 0;
      for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
        if (c->cmsg_type != SCM_RIGHTS) continue;
        int passed;
        std::memcpy(&passed, CMSG_DATA(c), sizeof passed);
        ::close(passed);
        ++fds;
      }
      results[use_corio] = {n, m.msg_controllen, fds};
    }
    EXPECT_EQ(results[0].n, fd_piece == 0 ? 4 : 8);
    EXPECT_EQ(results[0].fds, 1);
    EXPECT_TRUE(results[1] == results[0])
        << "corio: " << results[1].n << " bytes, " << results[1].fds << " fds; blocking call: " << results[0].n
        << " bytes, " << results[0].fds << " fds";
  }
}

TEST(Net, WaitAllStopsWhereTheBlockingCallStops) {
  using namespace std::chrono_literals;
  // The end of the stream: what came before it.
  for (stream_kind kind : {stream_kind::unix_domain, stream_kind::tcp}) {
    SCOPED_TRACE(name_of(kind));
    auto [a, b] = stream_pair(kind);
    fd_guard ga{a}, gb{b};
    std::thread writer([b = b] {
      ::send(b, "abcd", 4, 0);
      std::this_thread::sleep_for(20ms);
      ::shutdown(b, SHUT_WR);
    });
    char buf[8];
    auto [first, second] = corio::run([](int fd, char* buf) -> task<std::tuple<ssize_t, ssize_t>> {
      ssize_t first = co_await corio::recv(fd, buf, 8, MSG_WAITALL);
      ssize_t second = co_await corio::recv(fd, buf, 8, MSG_WAITALL);
      co_return std::tuple{first, second};
    }(a, buf));
    writer.join();
    EXPECT_EQ(first, 4);
    EXPECT_EQ(second, 0);
  }
  // Datagrams: MSG_WAITALL has no effect; one message, never two joined.
  for (int type : {SOCK_DGRAM, SOCK_SEQPACKET}) {
    SCOPED_TRACE(type == SOCK_DGRAM ? "SOCK_DGRAM" : "SOCK_SEQPACKET");
    int sv[2];
    ASSERT_EQ(::socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv), 0);
    fd_guard a{sv[0]}, b{sv[1]};
    ASSERT_EQ(::send(b.fd, "abcd", 4, 0), 4);
    ASSERT_EQ(::send(b.fd, "efgh", 4, 0), 4);
    ASSERT_EQ(::send(b.fd, "ijkl", 4, 0), 4);
    char buf[8];
    EXPECT_EQ(::recv(a.fd, buf, 8, MSG_WAITALL), 4);
    EXPECT_EQ(corio::run([](int fd, char* buf) -> task<ssize_t> {
                co_return co_await corio::recv(fd, buf, 8, MSG_WAITALL);
              }(a.fd, buf)),
              4);
    EXPECT_EQ(std::memcmp(buf, "efgh", 4), 0);
  }
  // MSG_PEEK | MSG_WAITALL on a Unix stream socket returns what is there, and leaves it there.
  {
    int sv[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    fd_guard a{sv[0]}, b{sv[1]};
    ASSERT_EQ(::send(b.fd, "abcd", 4, 0), 4);
    char buf[8];
    EXPECT_EQ(::recv(a.fd, buf, 8, MSG_PEEK | MSG_WAITALL), 4);
    EXPECT_EQ(corio::run([](int fd, char* buf) -> task<ssize_t> {
                co_return co_await corio::recv(fd, buf, 8, MSG_PEEK | MSG_WAITALL);
              }(a.fd, buf)),
              4);
    EXPECT_EQ(::recv(a.fd, buf, 8, MSG_DONTWAIT), 4);
  }
}

TEST(Net, ErrorAfterPartOfASendLikeTheBlockingCall) {
  // The peer reads a little, then closes. A blocking send returns the count queued before
  // that (no SIGPIPE); the next send fails (EPIPE with SIGPIPE on a Unix socket,
  // ECONNRESET after TCP's reset), and MSG_NOSIGNAL keeps the signal away.
  using namespace std::chrono_literals;
  struct outcome {
    ssize_t first;
    bool waited_for_close;
    int sigpipes_first;
    ssize_t second;
    int second_errno;
    int sigpipes_second;
  };
  const std::size_t total = 1 << 20;
  const auto data = pattern(total);
  for (stream_kind kind : {stream_kind::unix_domain, stream_kind::tcp}) {
    for (int flags : {0, static_cast<int>(MSG_NOSIGNAL)}) {
      SCOPED_TRACE(std::string(name_of(kind)) + (flags ? " MSG_NOSIGNAL" : " flags 0"));
      outcome results[2];
      for (int use_corio = 0; use_corio < 2; ++use_corio) {
        auto [a, b] = stream_pair(kind);
        fd_guard ga{a};
        std::atomic<bool> closed{false};
        std::thread peer([&closed, b = b] {
          char buf[4096];
          ::recv(b, buf, sizeof buf, 0);
          std::this_thread::sleep_for(20ms);
          closed = true;
          ::close(b);  // with unread data: a reset, on TCP
        });
        count_sigpipe counter;
        outcome& o = results[use_corio];
        auto first = [&]() -> ssize_t {
          if (!use_corio) return ::send(a, data.data(), total, flags);
          return corio::run([](int fd, const char* p, std::size_t n, int flags) -> task<ssize_t> {
            co_return co_await corio::send(fd, p, n, flags);
          }(a, data.data(), total, flags));
        };
        o.first = first();
        o.waited_for_close = closed;
        o.sigpipes_first = sigpipes;
        peer.join();
        errno = 0;
        o.second = use_corio ? corio::run([](int fd, const char* p, int flags) -> task<ssize_t> {
          co_return co_await corio::send(fd, p, 10, flags);
        }(a, data.data(), flags))
                             : ::send(a, data.data(), 10, flags);
        o.second_errno = errno;
        o.sigpipes_second = sigpipes - o.sigpipes_first;
      }
      const outcome& blocking = results[0];
      const outcome& corio = results[1];
      EXPECT_GT(blocking.first, 0);
      EXPECT_LT(blocking.first, static_cast<ssize_t>(total));
      EXPECT_TRUE(blocking.waited_for_close);
      EXPECT_EQ(blocking.second, -1);

      EXPECT_GT(corio.first, 0);
      EXPECT_LT(corio.first, static_cast<ssize_t>(total));
      EXPECT_TRUE(corio.waited_for_close);
      EXPECT_EQ(corio.sigpipes_first, blocking.sigpipes_first);
      EXPECT_EQ(corio.second, blocking.second);
      EXPECT_EQ(corio.second_errno, blocking.second_errno)
          << std::strerror(corio.second_errno) << " vs " << std::strerror(blocking.second_errno);
      EXPECT_EQ(corio.sigpipes_second, blocking.sigpipes_second);
    }
  }
}

TEST(Net, ResetDuringAWaitAllReceiveLikeTheBlockingCall) {
  // The peer sends half the request, then closes with data of ours unread (a reset, on
  // TCP). A blocking recv(MSG_WAITALL) returns the half; the next recv reports what the
  // protocol left for it.
  using namespace std::chrono_literals;
  struct outcome {
    ssize_t first, second;
    int second_errno;
    bool operator==(const outcome&) const = default;
  };
  for (stream_kind kind : {stream_kind::unix_domain, stream_kind::tcp}) {
    SCOPED_TRACE(name_of(kind));
    outcome results[2];
    for (int use_corio = 0; use_corio < 2; ++use_corio) {
      auto [a, b] = stream_pair(kind);
      fd_guard ga{a};
      ASSERT_EQ(::send(a, "unread", 6, 0), 6);
      std::thread peer([b = b] {
        ::send(b, "abcd", 4, 0);
        std::this_thread::sleep_for(20ms);
        ::close(b);
      });
      char buf[8];
      outcome& o = results[use_corio];
      o.first = use_corio ? corio::run([](int fd, char* buf) -> task<ssize_t> {
        co_return co_await corio::recv(fd, buf, 8, MSG_WAITALL);
      }(a, buf))
                          : ::recv(a, buf, 8, MSG_WAITALL);
      peer.join();
      errno = 0;
      o.second = use_corio ? corio::run([](int fd, char* buf) -> task<ssize_t> {
        co_return co_await corio::recv(fd, buf, 8, 0);
      }(a, buf))
                           : ::recv(a, buf, 8, 0);
      o.second_errno = o.second < 0 ? errno : 0;
    }
    EXPECT_EQ(results[0].first, 4);
    EXPECT_TRUE(results[1] == results[0])
        << "corio: " << results[1].first << ", then " << results[1].second << " ("
        << std::strerror(results[1].second_errno) << "); blocking call: " << results[0].first << ", then "
        << results[0].second << " (" << std::strerror(results[0].second_errno) << ")";
  }
}

TEST(Net, ReaderClosingDuringAPipeWriteLikeTheBlockingCall) {
  // A blocking write to a pipe whose reader goes away returns the count written, and the
  // kernel raises SIGPIPE even so.
  using namespace std::chrono_literals;
  const auto data = pattern(1 << 20);
  struct outcome {
    ssize_t n;
    bool waited_for_close;
    int sigpipes;
  };
  outcome results[2];
  for (int use_corio = 0; use_corio < 2; ++use_corio) {
    int p[2];
    ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
    fd_guard w{p[1]};
    std::atomic<bool> closed{false};
    std::thread reader([&closed, r = p[0]] {
      std::vector<char> buf(16384);
      ::read(r, buf.data(), buf.size());
      std::this_thread::sleep_for(20ms);
      closed = true;
      ::close(r);
    });
    count_sigpipe counter;
    ssize_t n = use_corio ? corio::run([](int fd, const std::vector<char>& d) -> task<ssize_t> {
      co_return co_await corio::write(fd, d.data(), d.size());
    }(w.fd, data))
                          : ::write(w.fd, data.data(), data.size());
    results[use_corio] = {n, closed, sigpipes};
    reader.join();
  }
  EXPECT_GT(results[0].n, 0);
  EXPECT_LT(results[0].n, static_cast<ssize_t>(data.size()));
  EXPECT_TRUE(results[0].waited_for_close);
  EXPECT_GT(results[1].n, 0);
  EXPECT_LT(results[1].n, static_cast<ssize_t>(data.size()));
  EXPECT_TRUE(results[1].waited_for_close);
  EXPECT_EQ(results[1].sigpipes, results[0].sigpipes);
}

TEST(Net, NonBlockingDescriptorsKeepTheirShortCounts) {
  // An fd that is O_NONBLOCK, or a call with MSG_DONTWAIT, asked for non-blocking calls:
  // corio waits for readiness where such a call fails with EAGAIN, then returns what one
  // call returns, a short count included.
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
  fd_guard a{sv[0]}, b{sv[1]};
  int small = 4096;
  ::setsockopt(a.fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  const auto data = pattern(1 << 20);
  corio::run([&]() -> task<void> {
    ssize_t n = co_await corio::send(a.fd, data.data(), data.size(), 0);
    EXPECT_GT(n, 0);
    EXPECT_LT(n, static_cast<ssize_t>(data.size()));
    std::vector<char> drain(1 << 20);
    while (::recv(b.fd, drain.data(), drain.size(), 0) > 0) {
    }
    n = co_await corio::write(a.fd, data.data(), data.size());
    EXPECT_GT(n, 0);
    EXPECT_LT(n, static_cast<ssize_t>(data.size()));
    while (::recv(b.fd, drain.data(), drain.size(), 0) > 0) {
    }
    // MSG_WAITALL on a non-blocking fd: what is there.
    ::send(b.fd, "abcd", 4, 0);
    char buf[8];
    EXPECT_EQ(co_await corio::recv(a.fd, buf, 8, MSG_WAITALL), 4);
  }());

  int bv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, bv), 0);
  fd_guard c{bv[0]}, d{bv[1]};
  ::setsockopt(c.fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  corio::run([&]() -> task<void> {
    ssize_t n = co_await corio::send(c.fd, data.data(), data.size(), MSG_DONTWAIT);
    EXPECT_GT(n, 0);
    EXPECT_LT(n, static_cast<ssize_t>(data.size()));
    ::send(d.fd, "abcd", 4, 0);
    char buf[8];
    EXPECT_EQ(co_await corio::recv(c.fd, buf, 8, MSG_WAITALL | MSG_DONTWAIT), 4);
  }());

  int p[2];
  ASSERT_EQ(::pipe2(p, O_NONBLOCK | O_CLOEXEC), 0);
  fd_guard r{p[0]}, w{p[1]};
  const ssize_t capacity = ::fcntl(w.fd, F_GETPIPE_SZ);
  EXPECT_EQ(corio::run([](int fd, const std::vector<char>& d) -> task<ssize_t> {
              co_return co_await corio::write(fd, d.data(), d.size());
            }(w.fd, data)),
            capacity);
}

TEST(Net, TimeoutDuringALongSendRemovesTheFdInterest) {
  // Nobody reads: a blocking send of more than the buffer holds waits until wait_for gives
  // up. The bytes queued before that stay queued (like asyncio's sock_sendall).
  using namespace std::chrono_literals;
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  fd_guard a{sv[0]}, b{sv[1]};
  const auto data = pattern(1 << 20);
  corio::run([&]() -> task<void> {
    EXPECT_THROW(co_await corio::wait_for(corio::send(a.fd, data.data(), data.size(), 0), 20ms), corio::timeout_error);
    EXPECT_EQ(corio::event_loop::current()->pending_io(), 0u);
    char buf[16];
    EXPECT_EQ(co_await corio::recv(b.fd, buf, sizeof buf, 0), 16);
    EXPECT_EQ(std::memcmp(buf, data.data(), 16), 0);
  }());
}
