#pragma once
// co_await corio::getaddrinfo(node, service, hints, &res) -> int: getaddrinfo(3), run on
// the offload pool. Same return codes, same errno for EAI_SYSTEM, same result list (free
// it with ::freeaddrinfo). The strings and hints must stay valid until the co_await ends,
// as for the blocking call. Cancellation is delivered after the lookup returns (see
// offload.hpp): the pool thread writes *res, so the frame must outlive it.
//
// Why the pool and not c-ares: glibc's resolver honours nsswitch.conf (/etc/hosts, mDNS,
// LDAP, systemd-resolved...) and returns exactly what the blocking call returns, which
// is what a mechanical rewrite must preserve; c-ares has its own resolver, its own result
// type (ares_addrinfo) and would add a dependency for a call that is rarely hot.
#include <netdb.h>
#include <sys/socket.h>

#include <cerrno>
#include <utility>

#include <corio/offload.hpp>

namespace corio {

namespace detail {

struct getaddrinfo_call {
  const char* node;
  const char* service;
  const addrinfo* hints;
  addrinfo** res;
  std::pair<int, int> operator()() const noexcept {
    int r = ::getaddrinfo(node, service, hints, res);
    return {r, errno};
  }
};

class getaddrinfo_awaiter : public offload_awaiter<getaddrinfo_call> {
 public:
  using offload_awaiter<getaddrinfo_call>::offload_awaiter;
  int await_resume() {
    auto [r, err] = offload_awaiter<getaddrinfo_call>::await_resume();
    if (r == EAI_SYSTEM) errno = err;
    return r;
  }
};

}  // namespace detail

[[nodiscard]] inline detail::getaddrinfo_awaiter getaddrinfo(const char* node, const char* service,
                                                             const addrinfo* hints, addrinfo** res) {
  return detail::getaddrinfo_awaiter(detail::getaddrinfo_call{node, service, hints, res});
}

}  // namespace corio
