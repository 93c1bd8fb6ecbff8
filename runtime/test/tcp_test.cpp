#include <corio/tcp.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/wait_for.hpp>

using namespace std::chrono_literals;
using corio::task;

namespace {
task<void> echo(corio::tcp_stream s) {
  char buf[4096];
  for (;;) {
    std::size_t n = co_await s.read_some(buf, sizeof buf);
    if (n == 0) break;
    co_await s.write_all(buf, n);
  }
}
}  // namespace

TEST(Tcp, EchoServerWithManyClients) {
  auto main_task = []() -> task<int> {
    auto listener = corio::tcp_listener::bind("127.0.0.1", 0);
    const auto port = listener.port();
    corio::task_group group;
    auto server = corio::spawn([](corio::tcp_listener& l, corio::task_group& g, int n) -> task<void> {
      for (int i = 0; i < n; ++i) g.spawn(echo(co_await l.accept()));
    }(listener, group, 10));
    auto client = [](std::uint16_t port, int i) -> task<bool> {
      auto s = co_await corio::tcp_stream::connect("localhost", port);
      std::string msg(10000 + i, static_cast<char>('a' + i));
      co_await s.write_all(msg);
      s.shutdown_write();
      std::string back(msg.size(), '\0');
      std::size_t n = co_await s.read_exactly(back.data(), back.size());
      co_return n == msg.size() && back == msg;
    };
    std::vector<task<bool>> clients;
    for (int i = 0; i < 10; ++i) clients.push_back(client(port, i));
    auto ok = co_await corio::gather(std::move(clients));
    co_await std::move(server);
    co_await group.join();
    int good = 0;
    for (bool b : ok) good += b;
    co_return good;
  };
  EXPECT_EQ(corio::run(main_task()), 10);
}

TEST(Tcp, ConnectRefusedAndAcceptCancelled) {
  corio::run([]() -> task<void> {
    std::uint16_t port;
    {
      auto l = corio::tcp_listener::bind("127.0.0.1", 0);
      port = l.port();
    }
    EXPECT_THROW(co_await corio::tcp_stream::connect("127.0.0.1", port), std::system_error);
    auto l = corio::tcp_listener::bind("127.0.0.1", 0);
    EXPECT_THROW(co_await corio::wait_for(l.accept(), 5ms), corio::timeout_error);
    EXPECT_THROW((void)corio::tcp_listener::bind("not-numeric", 0), std::invalid_argument);
  }());
}
