// The worker: a forked process that reads requests (a function of this binary, a memory
// limit, a payload) from a pipe and answers each; the caller waits with a deadline and
// kills the worker when it passes. kalypsoc is single-threaded, so forking is safe.
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
#include <cstdint>

// Sanitizers reserve terabytes of address space: no address-space limit under them.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define KALYPSO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define KALYPSO_ASAN 1
#endif
#endif

namespace kalypso {

namespace {

bool WriteAll(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool ReadAll(int fd, void* data, size_t size) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

std::string Seconds(int ms) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.2f", ms / 1000.0);
  return buf;
}

struct Request {
  uintptr_t work;
  uint64_t max_memory;
  uint64_t size;
};

// The worker's loop: one request, one answer ('0' + length + bytes), until the pipe closes.
[[noreturn]] void Serve(int in, int out) {
  // The worker speaks only through the pipe (no "terminate called..." on the terminal).
  if (int null = open("/dev/null", O_WRONLY); null >= 0) dup2(null, 2);
  for (;;) {
    Request r;
    if (!ReadAll(in, &r, sizeof r)) _exit(0);
    std::string payload(r.size, '\0');
    if (!ReadAll(in, payload.data(), payload.size())) _exit(0);
#ifndef KALYPSO_ASAN  // AddressSanitizer reserves terabytes of address space
    struct rlimit as;
    getrlimit(RLIMIT_AS, &as);
    as.rlim_cur = r.max_memory;  // the soft limit only: the next request may raise it again
    setrlimit(RLIMIT_AS, &as);
#endif
    std::string result;
    try {
      result = reinterpret_cast<SandboxWork>(r.work)(payload);
    } catch (...) {  // nothing may unwind into the code that forked us
      _exit(3);
    }
    uint64_t size = result.size();
    if (!WriteAll(out, "0", 1) || !WriteAll(out, &size, sizeof size) || !WriteAll(out, result.data(), result.size()))
      _exit(1);
  }
}

class Worker {
 public:
  ~Worker() { Stop(false); }

  SandboxResult Run(SandboxWork work, const std::string& payload, const SandboxLimits& limits) {
    if (pid_ <= 0 && !Start()) return {SandboxResult::kCrashed, std::string("cannot start a worker: ") + strerror(errno)};
    Request r{reinterpret_cast<uintptr_t>(work), limits.max_memory, payload.size()};
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limits.timeout_ms);
    std::string answer;
    bool sent = WriteAll(to_, &r, sizeof r) && WriteAll(to_, payload.data(), payload.size());
    bool timed_out = false, complete = false;
    char buf[65536];
    while (sent) {
      // Complete once the status byte, the length and that many bytes have arrived.
      if (answer.size() >= 1 + sizeof(uint64_t)) {
        uint64_t size;
        memcpy(&size, answer.data() + 1, sizeof size);
        if (answer.size() >= 1 + sizeof size + size) {
          complete = true;
          break;
        }
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      struct pollfd p {from_, POLLIN, 0};
      int n = left.count() > 0 ? poll(&p, 1, static_cast<int>(left.count())) : 0;
      if (n < 0 && errno == EINTR) continue;
      if (n == 0) {
        timed_out = true;
        break;
      }
      ssize_t got = read(from_, buf, sizeof buf);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      answer.append(buf, static_cast<size_t>(got));
    }
    if (complete) return {SandboxResult::kOk, answer.substr(1 + sizeof(uint64_t))};
    int status = Stop(timed_out);
    if (timed_out) return {SandboxResult::kTimeout, "did not finish within " + Seconds(limits.timeout_ms) + " s"};
    std::string why = WIFSIGNALED(status) ? std::string("signal ") + strsignal(WTERMSIG(status))
                                          : "exit status " + std::to_string(WEXITSTATUS(status));
    return {SandboxResult::kCrashed, "failed (" + why + "); it may have exceeded the memory limit of " +
                                         std::to_string(limits.max_memory >> 20) + " MiB"};
  }

 private:
  bool Start() {
    int req[2], resp[2];
    if (pipe2(req, O_CLOEXEC) != 0) return false;
    if (pipe2(resp, O_CLOEXEC) != 0) {
      close(req[0]);
      close(req[1]);
      return false;
    }
    pid_t pid = fork();
    if (pid < 0) {
      for (int fd : {req[0], req[1], resp[0], resp[1]}) close(fd);
      return false;
    }
    if (pid == 0) {
      close(req[1]);
      close(resp[0]);
      Serve(req[0], resp[1]);
    }
    close(req[0]);
    close(resp[1]);
    pid_ = pid;
    to_ = req[1];
    from_ = resp[0];
    return true;
  }

  // Ends the worker (killing it when `kill_it`) and returns its wait status.
  int Stop(bool kill_it) {
    if (pid_ <= 0) return 0;
    if (kill_it) kill(pid_, SIGKILL);
    close(to_);
    close(from_);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
};

}  // namespace

SandboxResult RunBounded(SandboxWork work, const std::string& payload, const SandboxLimits& limits) {
  // A write to a worker that died must fail with EPIPE, not kill us.
  static bool ignore_sigpipe = (signal(SIGPIPE, SIG_IGN), true);
  (void)ignore_sigpipe;
  static Worker worker;
  return worker.Run(work, payload, limits);
}

}  // namespace kalypso
