// Stage 9, write: puts the rendered tree on disk safely — only files kalypsoc owns (a
// manifest with content hashes inside the output root), only changed bytes, each through a
// temporary file and a rename, stale owned files pruned; and compares a tree with the disk.
#pragma once

#include <string>
#include <vector>

#include "diag.h"
#include "render.h"

namespace kalypso {

/// Name of the ownership manifest inside the output root.
inline constexpr const char* kManifestName = ".kalypsoc-manifest";

/// How the tree on disk differs from the compiled one.
struct TreeDiff {
  std::vector<std::string> stale, missing, extra;  ///< paths relative to the repository root
  [[nodiscard]] bool Clean() const { return stale.empty() && missing.empty() && extra.empty(); }
};

/// Adds the ownership manifest (sorted paths with content hashes) for `output_root` to `tree`.
void AddManifest(const std::string& output_root, const std::string& stack_rel, Tree* tree);

/// Compares `tree` with the files under `repo_root`/`output_root` on disk.
TreeDiff DiffTree(const std::string& repo_root, const std::string& output_root, const Tree& tree);

/// What a build did.
struct WriteStats {
  int written = 0, unchanged = 0, removed = 0;
};

/// Writes `tree` (paths relative to `repo_root`); refuses foreign files and symlinks before
/// writing anything. `fail_after` (tests) makes the n-th write fail as if the disk were full.
[[nodiscard]] bool WriteTree(const std::string& repo_root, const std::string& output_root, const Tree& tree,
                             WriteStats* stats, Diags& diags, int fail_after = -1);


/// Reads the ownership manifest: path -> hash ("" when absent or unreadable).
std::map<std::string, std::string> ReadManifest(const std::string& repo_root, const std::string& output_root);

}  // namespace kalypso
