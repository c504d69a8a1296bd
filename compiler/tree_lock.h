// The lock that serializes builds of one output tree: flock(2) on `<root>/.kalypsoc-lock`,
// released by the kernel when the process ends, however it ends (so it never goes stale).
#pragma once

#include <string>

#include "diag.h"

namespace kalypso {

/// Holds the lock of one output root for the life of the object.
class TreeLock {
 public:
  TreeLock() = default;
  TreeLock(const TreeLock&) = delete;
  TreeLock& operator=(const TreeLock&) = delete;
  ~TreeLock();

  /// Takes the lock on `root` (shown as `shown`): exclusive for a build, shared for check.
  /// When `create`, makes the root (and its parents) first; without it, a missing root or a
  /// read-only one that has no lock file is not locked and true is returned. When another
  /// process holds the lock: waits, telling stderr whose pid it waits for, or with !`wait`
  /// fails with an error naming that pid.
  [[nodiscard]] bool Acquire(const std::string& root, const std::string& shown, bool exclusive, bool create,
                             bool wait, Diags& diags);
  /// Turns a shared lock into an exclusive one (to finish an interrupted publish); may wait.
  [[nodiscard]] bool Upgrade(Diags& diags);
  /// True while a lock is held.
  [[nodiscard]] bool held() const { return fd_ >= 0; }
  /// Undoes what Acquire created (the root it made and the lock file) when the root holds
  /// nothing else, then releases: a failed first build leaves no trace.
  void RemoveCreated();

 private:
  bool Take(int op, bool wait, Diags& diags);
  int fd_ = -1;
  std::string root_, shown_, created_;  // created_: the topmost directory Acquire made
};

}  // namespace kalypso
