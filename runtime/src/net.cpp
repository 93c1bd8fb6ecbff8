#include <corio/net.hpp>

#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

namespace corio::detail {

namespace {

// Flags for the attempts after the first of a send that goes on: a blocking send that
// fails after queueing bytes returns their count without SIGPIPE, and a TCP Fast Open
// connection is made by the first attempt only.
constexpr int next_send_flags(int flags) noexcept { return (flags | MSG_DONTWAIT | MSG_NOSIGNAL) & ~MSG_FASTOPEN; }

// A wake-up that reports an error or a hang-up. A send that goes on then stops without
// another call: the count so far is the result, and the error stays for the next call
// (where a blocking TCP send leaves it).
constexpr bool woken_by_failure(std::uint32_t revents) noexcept { return revents & (EPOLLERR | EPOLLHUP); }

// After such a wake-up, whether a receive that goes on stops without another call: when
// nothing is left to read on a TCP socket, whose blocking receive returns the bytes so far
// and leaves the error for the next call. (A Unix-domain one takes the error itself, and
// data still queued comes first on both.)
bool receive_stops_at_error(std::uint32_t revents, int fd) noexcept {
  if (!woken_by_failure(revents)) return false;
  int queued = 0;
  if (::ioctl(fd, FIONREAD, &queued) < 0 || queued > 0) return false;
  int protocol = 0;
  socklen_t len = sizeof protocol;
  return ::getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &len) == 0 &&
         (protocol == IPPROTO_TCP || protocol == IPPROTO_MPTCP);
}

// `p` advanced by n bytes (MSG_TRUNC receives may pass no buffer).
void* advance(void* p, std::size_t n) noexcept { return p ? static_cast<char*>(p) + n : p; }
const void* advance(const void* p, std::size_t n) noexcept { return p ? static_cast<const char*>(p) + n : p; }

bool is_nonblocking(int fd) noexcept {
  int fl = ::fcntl(fd, F_GETFL);
  return fl >= 0 && (fl & O_NONBLOCK);
}

// A call on this fd would block (no O_NONBLOCK; an fd that fcntl cannot ask is not).
bool is_blocking(int fd) noexcept {
  int fl = ::fcntl(fd, F_GETFL);
  return fl >= 0 && !(fl & O_NONBLOCK);
}

bool is_stream_socket(int fd) noexcept {
  int type = 0;
  socklen_t len = sizeof type;
  return ::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM;
}

// For fds without MSG_DONTWAIT: false (errno EAGAIN) unless ready now.
bool ready_now(int fd, short events) noexcept {
  pollfd p{fd, events, 0};
  int n = ::poll(&p, 1, 0);
  if (n == 0) errno = EAGAIN;
  return n != 0;  // n < 0: let the real call report the error
}

std::uint32_t to_epoll(short events) noexcept {
  std::uint32_t e = 0;
  if (events & POLLIN) e |= EPOLLIN;
  if (events & POLLPRI) e |= EPOLLPRI;
  if (events & POLLOUT) e |= EPOLLOUT;
  return e;
}

std::size_t total_length(const iovec* iov, std::size_t n) noexcept {
  std::size_t len = 0;
  for (std::size_t i = 0; i < n; ++i) len += iov[i].iov_len;
  return len;
}

// Fills `out` (room for n entries) with the part of iov[0..n) past its first `skip` bytes;
// returns the number of entries used.
std::size_t iovecs_after(const iovec* iov, std::size_t n, std::size_t skip, iovec* out) noexcept {
  std::size_t used = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (skip >= iov[i].iov_len) {
      skip -= iov[i].iov_len;
      continue;
    }
    out[used++] = iovec{advance(iov[i].iov_base, skip), iov[i].iov_len - skip};
    skip = 0;
  }
  return used;
}

// A receive that passed descriptors (SCM_RIGHTS), or lost control data for want of room:
// a blocking MSG_WAITALL receive stops there.
bool stops_receive(const msghdr& m) noexcept {
  if (m.msg_flags & MSG_CTRUNC) return true;
  for (const cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(const_cast<msghdr*>(&m), const_cast<cmsghdr*>(c)))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) return true;
  return false;
}

// The attempt that goes on: wait for readiness first (errno EAGAIN), as the first attempt
// left the buffer full (a send) or empty (a receive).
ssize_t wait_and_go_on(transfer& t, ssize_t first) noexcept {
  t.done = static_cast<std::size_t>(first);
  errno = EAGAIN;
  return -1;
}

}  // namespace

ssize_t transfer::after_first_send(int fd, int flags, ssize_t r) noexcept {
  if ((flags & MSG_DONTWAIT) || !is_blocking(fd)) return r;
  return wait_and_go_on(*this, r);
}

ssize_t transfer::after_first_receive(int fd, int flags, ssize_t r) noexcept {
  if ((flags & (MSG_DONTWAIT | MSG_PEEK | MSG_OOB | MSG_ERRQUEUE)) || !is_blocking(fd) || !is_stream_socket(fd))
    return r;
  return wait_and_go_on(*this, r);
}

ssize_t transfer::after_next(ssize_t r, std::size_t len) noexcept {
  if (r < 0) return (would_block(errno) || errno == EINTR || done == 0) ? -1 : static_cast<ssize_t>(done);
  done += static_cast<std::size_t>(r);
  if (r > 0 && done < len) {
    errno = EAGAIN;
    return -1;
  }
  return static_cast<ssize_t>(done);
}

ssize_t recv_attempt::next(std::uint32_t revents) noexcept {
  if (receive_stops_at_error(revents, fd)) return static_cast<ssize_t>(t.done);
  return t.after_next(::recv(fd, advance(buf, t.done), len - t.done, flags | MSG_DONTWAIT), len);
}

ssize_t recvfrom_attempt::next(std::uint32_t revents) noexcept {
  if (receive_stops_at_error(revents, fd)) return static_cast<ssize_t>(t.done);
  // The first attempt filled in the address; the stream's later bytes come from the same peer.
  return t.after_next(::recvfrom(fd, advance(buf, t.done), len - t.done, flags | MSG_DONTWAIT, nullptr, nullptr), len);
}

ssize_t send_attempt::next(std::uint32_t revents) noexcept {
  if (woken_by_failure(revents)) return static_cast<ssize_t>(t.done);
  return t.after_next(::send(fd, advance(buf, t.done), len - t.done, next_send_flags(flags)), len);
}

ssize_t sendto_attempt::next(std::uint32_t revents) noexcept {
  if (woken_by_failure(revents)) return static_cast<ssize_t>(t.done);
  return t.after_next(::sendto(fd, advance(buf, t.done), len - t.done, next_send_flags(flags), addr, addrlen), len);
}

ssize_t recvmsg_attempt::first_done(ssize_t r) noexcept {
  if (static_cast<std::size_t>(r) >= total_length(msg->msg_iov, msg->msg_iovlen) || stops_receive(*msg)) return r;
  if (t.after_first_receive(fd, flags, r) >= 0) return r;
  rest.reset(new (std::nothrow) iovec[msg->msg_iovlen]);
  if (!rest) {  // cannot go on: return what came, as an interrupted call would
    t.done = 0;
    return r;
  }
  errno = EAGAIN;
  return -1;
}

ssize_t recvmsg_attempt::next(std::uint32_t revents) noexcept {
  if (receive_stops_at_error(revents, fd)) return static_cast<ssize_t>(t.done);
  msghdr m{};  // no address: the first attempt filled it in
  m.msg_iov = rest.get();
  m.msg_iovlen = iovecs_after(msg->msg_iov, msg->msg_iovlen, t.done, rest.get());
  // Control data that comes with later bytes goes after the earlier pieces', in the room left.
  const std::size_t used = msg->msg_control ? msg->msg_controllen : 0;
  if (msg->msg_control && used < control_room) {
    m.msg_control = advance(msg->msg_control, used);
    m.msg_controllen = control_room - used;
  }
  const ssize_t r = ::recvmsg(fd, &m, flags | MSG_DONTWAIT);
  if (r >= 0) {
    if (msg->msg_control) msg->msg_controllen = used + m.msg_controllen;
    msg->msg_flags |= m.msg_flags;
    if (r > 0 && stops_receive(m)) {
      t.done += static_cast<std::size_t>(r);
      return static_cast<ssize_t>(t.done);
    }
  }
  return t.after_next(r, total_length(msg->msg_iov, msg->msg_iovlen));
}

ssize_t sendmsg_attempt::first_done(ssize_t r) noexcept {
  if (static_cast<std::size_t>(r) >= total_length(msg->msg_iov, msg->msg_iovlen)) return r;
  if (t.after_first_send(fd, flags, r) >= 0) return r;
  rest.reset(new (std::nothrow) iovec[msg->msg_iovlen]);
  if (!rest) {
    t.done = 0;
    return r;
  }
  errno = EAGAIN;
  return -1;
}

ssize_t sendmsg_attempt::next(std::uint32_t revents) noexcept {
  if (woken_by_failure(revents)) return static_cast<ssize_t>(t.done);
  msghdr m{};
  m.msg_name = msg->msg_name;
  m.msg_namelen = msg->msg_namelen;
  m.msg_iov = rest.get();
  m.msg_iovlen = iovecs_after(msg->msg_iov, msg->msg_iovlen, t.done, rest.get());
  // No control data: descriptors and credentials went with the first bytes, as in one call.
  return t.after_next(::sendmsg(fd, &m, next_send_flags(flags)), total_length(msg->msg_iov, msg->msg_iovlen));
}

ssize_t read_attempt::operator()(std::uint32_t revents) const noexcept {
  ssize_t r = ::recv(fd, buf, count, MSG_DONTWAIT);
  if (r >= 0 || errno != ENOTSOCK) return r;
  if (is_nonblocking(fd) || revents || ready_now(fd, POLLIN)) return ::read(fd, buf, count);
  return -1;
}

ssize_t write_attempt::operator()(std::uint32_t revents) noexcept {
  switch (fd_kind) {
    case kind::socket:
      return to_socket(revents);
    case kind::pipe_like:
      return to_pipe(revents);
    case kind::nonblocking:
    case kind::direct:
      return ::write(fd, buf, count);
    case kind::unknown:
      break;
  }
  const ssize_t r = ::send(fd, buf, count, MSG_DONTWAIT);
  if (r >= 0 || errno != ENOTSOCK) {
    fd_kind = kind::socket;
    if (r <= 0 || static_cast<std::size_t>(r) == count) return r;
    return t.after_first_send(fd, 0, r);
  }
  struct stat st{};
  if (!is_blocking(fd))
    fd_kind = kind::nonblocking;
  else if (::fstat(fd, &st) == 0 && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)))
    fd_kind = kind::direct;
  else
    fd_kind = kind::pipe_like;
  return fd_kind == kind::pipe_like ? to_pipe(revents) : ::write(fd, buf, count);
}

ssize_t write_attempt::to_socket(std::uint32_t revents) noexcept {
  if (t.done == 0) {
    const ssize_t r = ::send(fd, buf, count, MSG_DONTWAIT);
    if (r <= 0 || static_cast<std::size_t>(r) == count) return r;
    return t.after_first_send(fd, 0, r);
  }
  if (woken_by_failure(revents)) return static_cast<ssize_t>(t.done);
  return t.after_next(::send(fd, advance(buf, t.done), count - t.done, next_send_flags(0)), count);
}

ssize_t write_attempt::to_pipe(std::uint32_t revents) noexcept {
  // A blocking pipe, FIFO or tty that poll reports writable takes PIPE_BUF bytes without
  // blocking (more might block): write that much at a time while poll says there is room,
  // and wait when there is none, until all is written as a blocking write would.
  for (bool known_ready = revents != 0;; known_ready = false) {
    if (!known_ready && !ready_now(fd, POLLOUT)) return -1;
    const std::size_t n = std::min<std::size_t>(count - t.done, PIPE_BUF);
    const ssize_t r = t.after_next(::write(fd, advance(buf, t.done), n), count);
    if (!(r < 0 && errno == EAGAIN && t.done > 0 && t.done < count)) return r;
  }
}

ssize_t accept_attempt::operator()(std::uint32_t revents) const noexcept {
  if (!revents && !is_nonblocking(fd) && !ready_now(fd, POLLIN)) return -1;
  return flags ? ::accept4(fd, addr, addrlen, flags) : ::accept(fd, addr, addrlen);
}

bool connect_awaiter::await_ready() noexcept {
  int fl = ::fcntl(fd, F_GETFL);
  const bool was_blocking = fl >= 0 && !(fl & O_NONBLOCK);
  if (was_blocking) ::fcntl(fd, F_SETFL, fl | O_NONBLOCK);
  int r = ::connect(fd, addr_, len_);
  int e = errno;
  if (was_blocking) ::fcntl(fd, F_SETFL, fl);
  if (r == 0) {
    result_ = 0;
    return true;
  }
  if (e == EINPROGRESS || e == EINTR) return false;  // completes in the background
  result_ = -1;
  error_ = e;
  return true;
}

void connect_awaiter::ready(io_waiter* w) noexcept {
  auto* self = static_cast<connect_awaiter*>(w);
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(self->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
  self->result_ = err ? -1 : 0;
  self->error_ = err;
  self->complete();
}

bool poll_awaiter::await_ready() noexcept {
  int r = ::poll(fds_, nfds_, 0);
  if (r != 0 || timeout_ms_ == 0) {
    result_ = r;
    error_ = r < 0 ? errno : 0;
    return true;
  }
  return false;
}

void poll_awaiter::arm() {
  waits_.resize(nfds_);  // never resized again while registered
  try {
    for (nfds_t i = 0; i < nfds_; ++i) {
      fd_wait& w = waits_[i];
      w.owner = this;
      w.fd = fds_[i].fd;
      w.events = to_epoll(fds_[i].events);
      w.on_ready = &poll_awaiter::ready;
      if (w.fd >= 0 && w.events) loop_->add_io(w);
    }
    if (timeout_ms_ > 0) {
      deadline = clock::now() + std::chrono::milliseconds(timeout_ms_);
      loop_->add_timer(*this);
    }
  } catch (...) {
    disarm();
    throw;
  }
}

void poll_awaiter::disarm() noexcept {
  for (auto& w : waits_)
    if (w.queued) loop_->remove_io(w);
  if (queued()) loop_->remove_timer(*this);
}

void poll_awaiter::ready(io_waiter* w) noexcept {
  auto* wait = static_cast<fd_wait*>(w);
  poll_awaiter* self = wait->owner;
  int r = ::poll(self->fds_, self->nfds_, 0);
  if (r == 0) {
    try {
      self->loop_->add_io(*wait);  // spurious: keep waiting
      return;
    } catch (...) {  // NOLINT(bugprone-empty-catch): cannot re-arm: complete now (no fd ready) rather than hang
    }
  }
  self->disarm();
  self->result_ = r;
  self->error_ = r < 0 ? errno : 0;
  self->complete();
}

void poll_awaiter::fire(timer_node* t) noexcept {
  auto* self = static_cast<poll_awaiter*>(t);
  self->disarm();
  int r = ::poll(self->fds_, self->nfds_, 0);
  self->result_ = r;
  self->error_ = r < 0 ? errno : 0;
  self->complete();
}

}  // namespace corio::detail
