#include <corio/dns.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>
#include <type_traits>

#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/task.hpp>

using corio::task;

static_assert(std::is_same_v<decltype(corio::getaddrinfo(nullptr, nullptr, nullptr, nullptr).await_resume()), int>);

namespace {
task<std::string> resolve(const char* node, const char* service, int flags) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = flags;
  addrinfo* res = nullptr;
  int r = co_await corio::getaddrinfo(node, service, &hints, &res);
  if (r != 0) co_return std::string("error: ") + gai_strerror(r);
  char text[INET_ADDRSTRLEN];
  auto* sin = reinterpret_cast<sockaddr_in*>(res->ai_addr);
  ::inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
  std::string out = std::string(text) + ":" + std::to_string(ntohs(sin->sin_port));
  ::freeaddrinfo(res);
  co_return out;
}
}  // namespace

TEST(Dns, SameAnswersAsTheBlockingCall) {
  auto [numeric, local, bad] = corio::run([]() -> task<std::tuple<std::string, std::string, std::string>> {
    co_return co_await corio::gather(resolve("127.0.0.1", "80", AI_NUMERICHOST), resolve("localhost", "8080", 0),
                                     resolve("not an address", nullptr, AI_NUMERICHOST));
  }());
  EXPECT_EQ(numeric, "127.0.0.1:80");
  EXPECT_EQ(local, "127.0.0.1:8080");  // from /etc/hosts, through nsswitch
  EXPECT_EQ(bad, std::string("error: ") + gai_strerror(EAI_NONAME));
}
