// Bounded work: runs a function in a forked child with a wall-time and memory limit, so a
// library that hangs or explodes on hostile input (yaml-cpp, libjsonnet) cannot take us down.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace kalypso {

/// Limits of one bounded run.
struct SandboxLimits {
  int timeout_ms = 10000;               ///< wall time before the child is killed
  size_t max_memory = size_t{2} << 30;  ///< address space of the child (not under ASan)
};

/// How a bounded run ended; `output` is what the function returned (kOk) or an explanation.
struct SandboxResult {
  enum Status { kOk, kTimeout, kCrashed } status = kCrashed;
  std::string output;
};

/// Runs `work` in a child process and returns the string it produced.
SandboxResult RunBounded(const std::function<std::string()>& work, const SandboxLimits& limits);

}  // namespace kalypso
