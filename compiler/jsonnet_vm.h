// One bounded libjsonnet evaluation: the library is loaded on first use (so a no-op build
// never maps it) and the program runs in a child process with a time and memory limit.
#pragma once

#include <cstddef>
#include <string>

namespace kalypso {

/// Limits of one evaluation.
struct JsonnetLimits {
  unsigned max_stack = 200;                   ///< Jsonnet call depth
  int timeout_ms = 10000;                     ///< wall time before the child is killed
  size_t max_memory = size_t{2} << 30;        ///< address space of the child (not under ASan)
  bool sandbox = true;                        ///< false: evaluate in this process (fuzzing)
};

/// How an evaluation ended; `text` is the JSON output, libjsonnet's error, or an explanation.
struct JsonnetOutcome {
  enum Status { kOk, kError, kTimeout, kCrashed, kUnavailable } status = kUnavailable;
  std::string text;
};

/// Evaluates `program` (named `name` in libjsonnet's messages) within `limits`.
JsonnetOutcome EvaluateJsonnet(const std::string& name, const std::string& program, const JsonnetLimits& limits);

}  // namespace kalypso
