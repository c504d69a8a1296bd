// Publishing a tree as one transaction: stage every new file, commit by renaming an intent
// record into place, then roll forward; and finishing or undoing an interrupted publish.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "diag.h"
#include "fs.h"

namespace kalypso {

/// kalypsoc's own entries at the top of an output root; never part of the tree.
inline constexpr const char* kLockName = ".kalypsoc-lock";
inline constexpr const char* kJournalName = ".kalypsoc-journal";
inline constexpr const char* kStagingName = ".kalypsoc-staging";
/// Prefix of the per-file temporaries of kalypsoc before 0.2 (removed when found).
inline constexpr const char* kOldTempPrefix = ".kalypsoc-tmp-";

/// True for a path (relative to the output root) that is kalypsoc's own bookkeeping.
bool IsInternalPath(const std::string& rel);

/// The changes of one publish, paths relative to the output root.
struct PublishPlan {
  std::vector<std::pair<std::string, const std::string*>> puts;  ///< new bytes; applied in this order
  std::vector<std::pair<std::string, std::string>> dels;         ///< path, content hash it must still have
};

/// Where and how a publish runs: `root` is the output root on disk (it exists, the caller
/// holds its lock), `shown` its name in messages.
struct PublishTarget {
  TreeFileSystem& fs;
  std::string root, shown;
};

/// Stages `plan`, commits it (the intent record), applies it and syncs it. False with an
/// error when it failed; the message says whether the tree is unchanged or the next run
/// finishes the publish.
[[nodiscard]] bool Publish(const PublishTarget& t, const PublishPlan& plan, Diags& diags);

/// Finishes (intent record present) or undoes (staging only) an interrupted publish and,
/// with `old_temps`, walks the tree for temporaries of older versions and removes them; a
/// warning says which. False on an error.
[[nodiscard]] bool Recover(const PublishTarget& t, Diags& diags, bool old_temps = true);

/// Removes `paths` (under t.root, relative to it), temporaries of older versions a scan
/// found, with Recover's warning.
void RemoveOldTemps(const PublishTarget& t, const std::vector<std::string>& paths, Diags& diags);

/// True when an interrupted publish waits under `root` (cheap: two lstat calls).
bool PublishPending(const std::string& root);

}  // namespace kalypso
