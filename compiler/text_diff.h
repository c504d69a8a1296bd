// Unified diffs of two texts, for `kalypsoc check` to show how a committed file is stale.
#pragma once

#include <string>

namespace kalypso {

/// A unified diff (3 lines of context) from `before` (labelled a/<path>) to `after`
/// (b/<path>); "" when they are equal.
std::string UnifiedDiff(const std::string& path, const std::string& before, const std::string& after);

}  // namespace kalypso
