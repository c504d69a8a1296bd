// The checks a publish passes before its first change: no symlink or non-directory in the
// way, every directory and file it changes writable, one file system, enough free space.
#pragma once

#include <string>

#include "diag.h"
#include "publish.h"

namespace kalypso {

/// Refuses a path (relative to `repo_root`) whose parents include a symlink or a
/// non-directory, and a target that is a symlink or not a regular file.
[[nodiscard]] bool CheckPath(const std::string& repo_root, const std::string& rel, Diags& diags);

/// Checks that `plan` can be applied under `root` (absolute; shown as `shown`): writability
/// (permissions, read-only mounts, immutable or append-only attributes), that every changed
/// directory is on the root's file system, and free space and inodes (statvfs; skipped when
/// KALYPSO_TEST_SKIP_SPACE_CHECK is set, so tests can meet a real ENOSPC).
[[nodiscard]] bool CheckPublish(const std::string& root, const std::string& shown, const PublishPlan& plan,
                                Diags& diags);

/// `path` quoted for a POSIX shell when it needs to be.
std::string ShellQuote(const std::string& path);

}  // namespace kalypso
