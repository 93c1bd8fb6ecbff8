#include <corio/net.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
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
    EXPECT_THROW(co_await corio::wait_for(corio::send(a.fd, big.data(), big.size(), 0), 5ms),
                 corio::timeout_error);
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
      for (ssize_t i = 0; i < n; ++i) ok &= buf[static_cast<std::size_t>(i)] == static_cast<char>((got + static_cast<std::size_t>(i)) % 251);
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
      ssize_t n = round % 2 ? co_await corio::read(a.fd, buf, sizeof buf)
                            : co_await corio::recv(a.fd, buf, sizeof buf, 0);
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
