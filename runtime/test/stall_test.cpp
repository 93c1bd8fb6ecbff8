#include <corio/stall.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include <unistd.h>

#include <corio/run.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/yield.hpp>

using namespace std::chrono_literals;
using corio::task;

namespace {
task<void> hog() {
  co_await corio::yield();
  std::this_thread::sleep_for(30ms);  // holds the loop: the detector should notice
  co_await corio::yield();
}
}  // namespace

TEST(Stall, OffByDefault) {
  if (std::getenv("CORIO_DEBUG")) GTEST_SKIP() << "CORIO_DEBUG is set";
  EXPECT_EQ(corio::stall_threshold(), 0ns);
}

TEST(Stall, ReportsDurationAndSpawnSite) {
  corio::set_stall_threshold(10ms);
  testing::internal::CaptureStderr();
  corio::run([]() -> task<void> { co_await corio::spawn(hog()); }());
  std::string err = testing::internal::GetCapturedStderr();
  corio::set_stall_threshold(0ns);
  EXPECT_NE(err.find("corio: stall: a task held the event loop for"), std::string::npos) << err;
  EXPECT_NE(err.find("stall_test.cpp"), std::string::npos) << err;
}

TEST(Stall, CustomHandlerAndThreshold) {
  int reports = 0;
  std::chrono::nanoseconds longest{};
  corio::set_stall_handler([&](const corio::stall_info& info) {
    ++reports;
    longest = std::max(longest, info.duration);
  });
  corio::set_stall_threshold(10ms);
  corio::run(hog());
  corio::set_stall_threshold(1h);  // nothing stalls that long
  corio::run(hog());
  corio::set_stall_threshold(0ns);
  corio::set_stall_handler({});
  EXPECT_EQ(reports, 1);
  EXPECT_GE(longest, 30ms);
}

TEST(Stall, EnabledByEnvironment) {
  // A child process sees CORIO_DEBUG=1 and CORIO_STALL_MS=5 when it first reads them.
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  ASSERT_GT(n, 0);
  std::string self(buf, static_cast<std::size_t>(n));
  std::string cmd =
      "CORIO_DEBUG=1 CORIO_STALL_MS=5 " + self + " --gtest_filter=Stall.EnvChild 2>&1 | grep -q 'corio: stall:'";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

TEST(Stall, EnvChild) {
  if (!std::getenv("CORIO_DEBUG")) GTEST_SKIP() << "run by Stall.EnabledByEnvironment";
  EXPECT_EQ(corio::stall_threshold(), 5ms);
  corio::run(hog());
}
