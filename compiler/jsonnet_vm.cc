// libjsonnet through dlopen, evaluated in a forked child: a runaway or hostile Jsonnet
// program (endless recursion, exponential strings) costs a bounded time and memory, and a
// crash inside the library becomes an error message instead of taking kalypsoc down.
#include "jsonnet_vm.h"

extern "C" {
#include <libjsonnet.h>
}
#include <dlfcn.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <type_traits>

#if defined(__SANITIZE_ADDRESS__)
#define KALYPSO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KALYPSO_ASAN 1
#endif
#endif

namespace kalypso {

namespace {

// The handful of libjsonnet's C API functions kalypsoc calls.
struct Api {
  decltype(&jsonnet_make) make = nullptr;
  decltype(&jsonnet_destroy) destroy = nullptr;
  decltype(&jsonnet_realloc) realloc = nullptr;
  decltype(&jsonnet_max_stack) max_stack = nullptr;
  decltype(&jsonnet_max_trace) max_trace = nullptr;
  decltype(&jsonnet_import_callback) import_callback = nullptr;
  decltype(&jsonnet_evaluate_snippet) evaluate_snippet = nullptr;
};

const Api* LoadApi(std::string* error) {
  static Api api;
  static std::string load_error;
  static bool tried = false;
  if (!tried) {
    tried = true;
    void* lib = nullptr;
    for (const char* soname : {"libjsonnet.so.0", "libjsonnet.so"})
      if ((lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL))) break;
    if (!lib) {
      const char* e = dlerror();
      load_error = std::string("cannot load libjsonnet (install libjsonnet0): ") + (e ? e : "");
    } else {
      bool ok = true;
      auto get = [&](auto* fn, const char* sym) {
        *fn = reinterpret_cast<std::remove_pointer_t<decltype(fn)>>(dlsym(lib, sym));
        ok = ok && *fn;
      };
      get(&api.make, "jsonnet_make");
      get(&api.destroy, "jsonnet_destroy");
      get(&api.realloc, "jsonnet_realloc");
      get(&api.max_stack, "jsonnet_max_stack");
      get(&api.max_trace, "jsonnet_max_trace");
      get(&api.import_callback, "jsonnet_import_callback");
      get(&api.evaluate_snippet, "jsonnet_evaluate_snippet");
      if (!ok) load_error = "libjsonnet lacks a function kalypsoc needs";
    }
  }
  *error = load_error;
  return load_error.empty() ? &api : nullptr;
}

// Every import was resolved by the bundler; libjsonnet must not read files on its own.
extern "C" char* RefuseImport(void* ctx, const char* base, const char* rel, char** found_here, int* success) {
  const auto* api = static_cast<const Api*>(ctx);
  std::string msg = std::string("import '") + rel + "' was not bundled";
  *success = 0;
  char* out = api->realloc(nullptr, nullptr, msg.size() + 1);
  std::memcpy(out, msg.c_str(), msg.size() + 1);
  return out;
}

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

// In the child: evaluate, then send one status byte and the text.
[[noreturn]] void Child(const Api& api, int fd, const std::string& name, const std::string& program,
                        const JsonnetLimits& limits) {
#ifndef KALYPSO_ASAN  // AddressSanitizer reserves terabytes of address space
  struct rlimit as {limits.max_memory, limits.max_memory};
  setrlimit(RLIMIT_AS, &as);
#endif
  JsonnetVm* vm = api.make();
  api.import_callback(vm, RefuseImport, const_cast<Api*>(&api));
  api.max_stack(vm, limits.max_stack);
  api.max_trace(vm, 8);
  int error = 0;
  char* out = api.evaluate_snippet(vm, name.c_str(), program.c_str(), &error);
  char status = error ? '1' : '0';
  bool ok = WriteAll(fd, &status, 1) && WriteAll(fd, out, std::strlen(out));
  _exit(ok ? 0 : 1);
}

}  // namespace

JsonnetOutcome EvaluateJsonnet(const std::string& name, const std::string& program, const JsonnetLimits& limits) {
  JsonnetOutcome result;
  const Api* api = LoadApi(&result.text);
  if (!api) return result;
  int fds[2];
  if (pipe(fds) != 0) return {JsonnetOutcome::kCrashed, std::string("cannot create a pipe: ") + std::strerror(errno)};
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return {JsonnetOutcome::kCrashed, std::string("cannot fork: ") + std::strerror(errno)};
  }
  if (pid == 0) {
    close(fds[0]);
    Child(*api, fds[1], name, program, limits);
  }
  close(fds[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limits.timeout_ms);
  std::string data;
  bool timed_out = false;
  char buf[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    struct pollfd p {fds[0], POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(left.count()));
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
  if (timed_out)
    return {JsonnetOutcome::kTimeout, "evaluation took longer than " + std::to_string(limits.timeout_ms / 1000.0).substr(0, 4) +
                                          " s and was stopped"};
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || data.empty()) {
    std::string why = WIFSIGNALED(status) ? std::string("signal ") + strsignal(WTERMSIG(status))
                                          : "exit status " + std::to_string(WEXITSTATUS(status));
    return {JsonnetOutcome::kCrashed, "evaluation failed (" + why + "); it may have exceeded the memory limit of " +
                                          std::to_string(limits.max_memory >> 20) + " MiB"};
  }
  return {data[0] == '0' ? JsonnetOutcome::kOk : JsonnetOutcome::kError, data.substr(1)};
}

}  // namespace kalypso
