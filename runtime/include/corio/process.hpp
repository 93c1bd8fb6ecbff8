#pragma once
// Child processes without blocking the loop: the exit is watched through a pidfd.
//
// co_await corio::system(cmd) -> int: std::system's return value (a wait status: use
// WIFEXITED/WEXITSTATUS), running `/bin/sh -c cmd`; system(nullptr) tells whether a shell
// exists. Unlike std::system it does not block SIGCHLD or ignore SIGINT/SIGQUIT in the
// caller (the loop keeps running other tasks meanwhile).
//
// corio::process::spawn(argv, options) starts a program (PATH lookup) with optional pipes;
// `co_await p.wait()` gives the wait status; `co_await corio::read(p.stdout_fd(), ...)` or
// `co_await p.read_stdout()` reads its output. Cancelling wait() removes the pidfd
// interest; the child keeps running. A process destroyed unwaited is killed (SIGKILL)
// and reaped, so no zombie is left.
#include <sys/types.h>
#include <sys/wait.h>

#include <cerrno>
#include <string>
#include <vector>

#include <corio/detail/io_op.hpp>
#include <corio/task.hpp>

namespace corio {

namespace detail {
struct reap_attempt {
  pid_t pid;
  ssize_t operator()(bool) const noexcept {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == 0) {
      errno = EAGAIN;
      return -1;
    }
    return r < 0 ? -1 : status;
  }
};
}  // namespace detail

struct process_options {
  bool pipe_stdin = false;
  bool pipe_stdout = false;
  bool pipe_stderr = false;
};

class process {
 public:
  using options = process_options;

  /// Start argv[0] (searched in PATH). Throws std::system_error if it cannot be started.
  static process spawn(const std::vector<std::string>& argv, options opts = {});

  process(process&& o) noexcept;
  process& operator=(process&& o) noexcept;
  process(const process&) = delete;
  process& operator=(const process&) = delete;
  ~process();

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }
  [[nodiscard]] int stdin_fd() const noexcept { return in_; }
  [[nodiscard]] int stdout_fd() const noexcept { return out_; }
  [[nodiscard]] int stderr_fd() const noexcept { return err_; }
  void close_stdin() noexcept;
  /// Send a signal (through the pidfd: never hits a recycled pid).
  int kill(int sig) noexcept;

  /// co_await p.wait() -> int wait status (or -1 with errno).
  [[nodiscard]] auto wait() {
    waited_ = true;
    return detail::make_io_op<int>(pidfd_, EPOLLIN, detail::reap_attempt{pid_});
  }
  /// Read the child's stdout until EOF.
  [[nodiscard]] task<std::string> read_stdout();

 private:
  process() = default;
  void reset() noexcept;
  pid_t pid_ = -1;
  int pidfd_ = -1;
  int in_ = -1;
  int out_ = -1;
  int err_ = -1;
  bool waited_ = false;
};

/// co_await corio::system(cmd) -> int, like std::system.
[[nodiscard]] task<int> system(const char* cmd);

}  // namespace corio
