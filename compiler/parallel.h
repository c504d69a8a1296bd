// Running independent tasks on the machine's cores: a build of thousands of instances renders
// them on every core, each worker into its own output, merged in a fixed order afterwards.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <system_error>
#include <thread>
#include <vector>

namespace kalypso {

/// How many workers ParallelFor uses for `tasks` tasks: one per core (at most 8), one for few.
inline size_t Workers(size_t tasks) {
  size_t cores = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  return tasks < 4 ? 1 : std::min(cores, tasks);
}

/// Runs fn(task, worker) for every task in [0, tasks), on `workers` threads (this one
/// included), each task exactly once; worker indices are in [0, workers). When no thread
/// can be started, this thread runs them all.
template <typename Fn>
void ParallelFor(size_t tasks, size_t workers, Fn&& fn) {
  std::atomic<size_t> next{0};
  auto work = [&](size_t worker) {
    for (size_t t; (t = next.fetch_add(1)) < tasks;) fn(t, worker);
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) {
    try {
      pool.emplace_back(work, w);
    } catch (const std::system_error&) {
      break;
    }
  }
  work(0);
  for (auto& t : pool) t.join();
}

}  // namespace kalypso
