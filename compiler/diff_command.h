// `kalypsoc diff BASE [STACK...]`: compiles each stack at a git revision (from git objects,
// in memory) and in the working tree, and compares the two platforms (SPEC section 12).
#pragma once

#include <string>
#include <vector>

#include "diag.h"
#include "platform_diff.h"

namespace kalypso {

/// What to compare.
struct DiffRequest {
  std::string base;                 ///< a git revision; "" = the merge base with the default branch
  std::vector<std::string> stacks;  ///< "" = every stack under stacks/ (at BASE or now)
  std::string stdlib_dir;           ///< inside the repository: read at BASE too
  DiffOptions options;
};

/// The comparison of every stack.
struct DiffRun {
  std::string base;         ///< BASE as given, or how it was chosen
  std::string commit;       ///< BASE's full commit id
  std::vector<StackDiff> stacks;
  std::string failed;  ///< on a compile error: which stack and side (said before the diagnostics)
  [[nodiscard]] bool Changed() const;
};

/// Runs the comparison; false (diagnostics in `diags`) on any error. `log` gets what -v shows.
[[nodiscard]] bool RunDiff(const DiffRequest& request, DiffRun* run, Diags& diags, std::string* log);

}  // namespace kalypso
