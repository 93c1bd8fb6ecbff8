#include <corio/net.hpp>

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

namespace corio::detail {

namespace {

bool is_nonblocking(int fd) noexcept {
  int fl = ::fcntl(fd, F_GETFL);
  return fl >= 0 && (fl & O_NONBLOCK);
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

}  // namespace

ssize_t read_attempt::operator()(bool known_ready) const noexcept {
  ssize_t r = ::recv(fd, buf, count, MSG_DONTWAIT);
  if (r >= 0 || errno != ENOTSOCK) return r;
  if (is_nonblocking(fd) || known_ready || ready_now(fd, POLLIN)) return ::read(fd, buf, count);
  return -1;
}

ssize_t write_attempt::operator()(bool known_ready) const noexcept {
  ssize_t r = ::send(fd, buf, count, MSG_DONTWAIT);
  if (r >= 0 || errno != ENOTSOCK) return r;
  if (is_nonblocking(fd)) return ::write(fd, buf, count);
  if (!known_ready && !ready_now(fd, POLLOUT)) return -1;
  std::size_t n = count;
  struct stat st {};
  // A pipe or tty reported writable takes PIPE_BUF bytes without blocking; more might block.
  if (::fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) n = std::min<std::size_t>(n, PIPE_BUF);
  return ::write(fd, buf, n);
}

ssize_t accept_attempt::operator()(bool known_ready) const noexcept {
  if (!known_ready && !is_nonblocking(fd) && !ready_now(fd, POLLIN)) return -1;
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
