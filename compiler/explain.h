// `kalypsoc explain`: one instance's final value and the stack line of every layer that set
// it (component, environment, cluster), or the stdlib line when the stdlib gave it.
#pragma once

#include <string>

#include "compile.h"

namespace kalypso {

/// Explains `target` ("cluster/component", or "component" on a one-cluster stack) and, when
/// `path` is not empty, the value at `path` ("values.a.b", "charts.<chart>.values.a", "wave",
/// "release", "chart.version", ...). Fills `out`, or `error` when the target or path is unknown.
[[nodiscard]] bool Explain(const Compilation& c, const std::string& stdlib_dir, const std::string& target,
                           const std::string& path, std::string* out, std::string* error);

}  // namespace kalypso
