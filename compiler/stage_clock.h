// Stage timings on stderr when $KALYPSO_TIMINGS is set: how bench/ and a profiling user see
// where one build spends its time.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace kalypso {

/// Prints the time since the previous lap (or since construction) at each Lap.
class StageClock {
 public:
  StageClock() : on_(std::getenv("KALYPSO_TIMINGS") != nullptr), last_(std::chrono::steady_clock::now()) {}
  /// Prints `stage`'s time; returns `ok` (so a stage call can be wrapped).
  bool Lap(const char* stage, bool ok = true) {
    if (!on_) return ok;
    auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "timing: %-9s %8.2f ms\n", stage, std::chrono::duration<double, std::milli>(now - last_).count());
    last_ = now;
    return ok;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace kalypso
