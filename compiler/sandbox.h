// Bounded work: runs a function in a worker process with a wall-time and memory limit, so a
// library that hangs or explodes on hostile input (yaml-cpp, libjsonnet) cannot take us down.
#pragma once

#include <cstddef>
#include <string>

namespace kalypso {

/// Limits of one bounded run.
struct SandboxLimits {
  int timeout_ms = 10000;               ///< wall time before the worker is killed
  size_t max_memory = size_t{2} << 30;  ///< address space of the worker (not under ASan)
};

/// How a bounded run ended; `output` is what the function returned (kOk) or an explanation.
struct SandboxResult {
  enum Status { kOk, kTimeout, kCrashed } status = kCrashed;
  std::string output;
};

/// A function the worker can run: payload in, result out (it may throw: the run then fails).
using SandboxWork = std::string (*)(const std::string& payload);

/// Runs `work(payload)` in the worker process and returns what it produced. The worker is
/// forked on first use (while this process is still small: forking later would make every
/// page this process then writes fault once) and serves every later call; after a timeout
/// or crash it is replaced.
SandboxResult RunBounded(SandboxWork work, const std::string& payload, const SandboxLimits& limits);

}  // namespace kalypso
