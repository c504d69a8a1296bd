// RunBounded: fork, run, send the result through a pipe; the parent waits with a deadline
// and kills the child when it passes. kalypsoc is single-threaded, so forking is safe.
#include "sandbox.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#if defined(__SANITIZE_ADDRESS__)
#define KALYPSO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KALYPSO_ASAN 1
#endif
#endif

namespace kalypso {

namespace {

bool WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

std::string Seconds(int ms) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.2f", ms / 1000.0);
  return buf;
}

}  // namespace

SandboxResult RunBounded(const std::function<std::string()>& work, const SandboxLimits& limits) {
  int fds[2];
  if (pipe(fds) != 0) return {SandboxResult::kCrashed, std::string("cannot create a pipe: ") + strerror(errno)};
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return {SandboxResult::kCrashed, std::string("cannot fork: ") + strerror(errno)};
  }
  if (pid == 0) {
    close(fds[0]);
    // The child speaks only through the pipe (no "terminate called..." on the user's terminal).
    if (int null = open("/dev/null", O_WRONLY); null >= 0) dup2(null, 2);
#ifndef KALYPSO_ASAN  // AddressSanitizer reserves terabytes of address space
    struct rlimit as {limits.max_memory, limits.max_memory};
    setrlimit(RLIMIT_AS, &as);
#endif
    // Nothing may unwind out of the child into the parent's code (a test runner, say).
    try {
      std::string out = work();
      _exit(WriteAll(fds[1], out.data(), out.size()) ? 0 : 1);
    } catch (...) {
      _exit(3);
    }
  }
  close(fds[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limits.timeout_ms);
  std::string data;
  bool timed_out = false;
  char buf[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    struct pollfd p {fds[0], POLLIN, 0};
    int r = left.count() > 0 ? poll(&p, 1, static_cast<int>(left.count())) : 0;
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) {
      timed_out = true;
      break;
    }
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return {SandboxResult::kTimeout, "did not finish within " + Seconds(limits.timeout_ms) + " s"};
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string why = WIFSIGNALED(status) ? std::string("signal ") + strsignal(WTERMSIG(status))
                                          : "exit status " + std::to_string(WEXITSTATUS(status));
    return {SandboxResult::kCrashed, "failed (" + why + "); it may have exceeded the memory limit of " +
                                         std::to_string(limits.max_memory >> 20) + " MiB"};
  }
  return {SandboxResult::kOk, data};
}

}  // namespace kalypso
