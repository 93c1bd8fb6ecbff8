#include <corio/process.hpp>

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <type_traits>

#include <corio/gather.hpp>
#include <corio/net.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/wait_for.hpp>
#include <corio/yield.hpp>

using namespace std::chrono_literals;
using corio::task;

TEST(Process, SystemReturnsWhatStdSystemReturns) {
  for (const char* cmd : {"true", "false", "exit 3", "kill -TERM $$"}) {
    int expected = std::system(cmd);
    int got = corio::run([](const char* c) -> task<int> { co_return co_await corio::system(c); }(cmd));
    EXPECT_EQ(got, expected) << cmd;
  }
  EXPECT_NE(corio::run([]() -> task<int> { co_return co_await corio::system(nullptr); }()), 0);
  int s = corio::run([]() -> task<int> { co_return co_await corio::system("exit 7"); }());
  EXPECT_TRUE(WIFEXITED(s));
  EXPECT_EQ(WEXITSTATUS(s), 7);
}

TEST(Process, SystemDoesNotBlockTheLoop) {
  // While the shell sleeps, other tasks keep running.
  auto [status, ticks] = corio::run([]() -> task<std::tuple<int, int>> {
    auto ticker = []() -> task<int> {
      int n = 0;
      for (; n < 5; ++n) co_await corio::sleep_for(1ms);
      co_return n;
    };
    co_return co_await corio::gather(corio::system("sleep 0.2"), ticker());
  }());
  EXPECT_EQ(status, 0);
  EXPECT_EQ(ticks, 5);
}

TEST(Process, PipesAndWait) {
  corio::run([]() -> task<void> {
    auto p = corio::process::spawn({"sh", "-c", "read x; echo got:$x; echo err >&2; exit 4"},
                                   {.pipe_stdin = true, .pipe_stdout = true, .pipe_stderr = true});
    EXPECT_EQ(co_await corio::write(p.stdin_fd(), "hi\n", 3), 3);
    p.close_stdin();
    std::string out = co_await p.read_stdout();
    char buf[16];
    ssize_t n = co_await corio::read(p.stderr_fd(), buf, sizeof buf);
    int status = co_await p.wait();
    EXPECT_EQ(out, "got:hi\n");
    EXPECT_EQ(std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0), "err\n");
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 4);
  }());
}

TEST(Process, CancelledWaitAndKill) {
  corio::run([]() -> task<void> {
    auto p = corio::process::spawn({"sleep", "30"});
    EXPECT_THROW(co_await corio::wait_for(p.wait(), 10ms), corio::timeout_error);
    EXPECT_EQ(corio::event_loop::current()->pending_io(), 0u);
    EXPECT_EQ(p.kill(SIGTERM), 0);
    int status = co_await p.wait();
    EXPECT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGTERM);
  }());
}

TEST(Process, SpawnFailureThrows) { EXPECT_THROW(corio::process::spawn({"/nonexistent/program"}), std::system_error); }
