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

/// Runs fn(i) for every i in [0, n) on every core, in chunks of `chunk` consecutive items
/// (a thread per item would cost more than most items).
template <typename Fn>
void ParallelChunks(size_t n, size_t chunk, Fn&& fn) {
  size_t chunks = (n + chunk - 1) / chunk;
  ParallelFor(chunks, Workers(chunks), [&](size_t c, size_t) {
    for (size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) fn(i);
  });
}

}  // namespace kalypso
