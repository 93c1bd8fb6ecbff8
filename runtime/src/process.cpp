#include <corio/process.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <optional>
#include <system_error>

#include <corio/net.hpp>
#include <corio/offload.hpp>

extern char** environ;

namespace corio {

namespace {

int pidfd_open(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

void close_fd(int& fd) noexcept {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

struct pipe_pair {
  int fd[2] = {-1, -1};
  ~pipe_pair() {
    close_fd(fd[0]);
    close_fd(fd[1]);
  }
};

}  // namespace

process process::spawn(const std::vector<std::string>& argv, options opts) {
  if (argv.empty()) throw std::invalid_argument("corio::process::spawn: empty argv");
  pipe_pair in, out, err;
  if ((opts.pipe_stdin && ::pipe2(in.fd, O_CLOEXEC) < 0) || (opts.pipe_stdout && ::pipe2(out.fd, O_CLOEXEC) < 0) ||
      (opts.pipe_stderr && ::pipe2(err.fd, O_CLOEXEC) < 0))
    throw std::system_error(errno, std::generic_category(), "corio::process::spawn: pipe2");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (opts.pipe_stdin) posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  if (opts.pipe_stdout) posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  if (opts.pipe_stderr) posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::system_error(rc, std::generic_category(), "corio::process::spawn: " + argv[0]);

  process p;
  p.pid_ = pid;
  p.pidfd_ = pidfd_open(pid);
  if (p.pidfd_ < 0) {
    int e = errno;
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    p.pid_ = -1;
    throw std::system_error(e, std::generic_category(), "corio::process::spawn: pidfd_open");
  }
  std::swap(p.in_, in.fd[1]);
  std::swap(p.out_, out.fd[0]);
  std::swap(p.err_, err.fd[0]);
  return p;
}

process::process(process&& o) noexcept
    : pid_(std::exchange(o.pid_, -1)),
      pidfd_(std::exchange(o.pidfd_, -1)),
      in_(std::exchange(o.in_, -1)),
      out_(std::exchange(o.out_, -1)),
      err_(std::exchange(o.err_, -1)),
      waited_(std::exchange(o.waited_, false)) {}

process& process::operator=(process&& o) noexcept {
  if (this != &o) {
    reset();
    pid_ = std::exchange(o.pid_, -1);
    pidfd_ = std::exchange(o.pidfd_, -1);
    in_ = std::exchange(o.in_, -1);
    out_ = std::exchange(o.out_, -1);
    err_ = std::exchange(o.err_, -1);
    waited_ = std::exchange(o.waited_, false);
  }
  return *this;
}

process::~process() { reset(); }

void process::reset() noexcept {
  close_fd(in_);
  close_fd(out_);
  close_fd(err_);
  if (pid_ > 0) {
    int status;
    // Reap if it already exited (also after a wait() that completed); otherwise kill it.
    if (::waitpid(pid_, &status, WNOHANG) == 0) {
      ::syscall(SYS_pidfd_send_signal, pidfd_, SIGKILL, nullptr, 0);
      ::waitpid(pid_, &status, 0);
    }
  }
  close_fd(pidfd_);
  pid_ = -1;
}

void process::close_stdin() noexcept { close_fd(in_); }

int process::kill(int sig) noexcept {
  return static_cast<int>(::syscall(SYS_pidfd_send_signal, pidfd_, sig, nullptr, 0));
}

task<std::string> process::read_stdout() {
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = co_await corio::read(out_, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  co_return out;
}

task<int> system(const char* cmd) {
  // system(nullptr) asks whether a shell exists: a file-system lookup, made off the loop.
  if (!cmd) co_return co_await offload([] { return ::access("/bin/sh", X_OK) == 0 ? 1 : 0; });
  std::string command(cmd);  // the caller's string need not outlive the first suspension
  std::optional<process> p;
  int spawn_error = 0;
  try {
    // spawn's only wait reaps a child it has just SIGKILLed (when pidfd_open fails): at once.
    p.emplace(process::spawn({"/bin/sh", "-c", command}));  // NOLINT(corolint-blocking-transitive)
  } catch (const std::system_error& e) {
    spawn_error = e.code().value();
  }
  if (!p) {
    errno = spawn_error;
    co_return -1;  // like std::system when no child could be created
  }
  int status = co_await p->wait();
  co_return status;
}

}  // namespace corio
