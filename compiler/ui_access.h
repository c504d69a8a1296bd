// out/README.md's "Reach the UIs": a `kubectl port-forward` per web UI the stack deploys
// (stdlib `ui` facts: which endpoint, which local port), from the resolved Service names.
#pragma once

#include <string>

#include "model.h"

namespace kalypso {

/// The Markdown section "## Reach the UIs" (empty when the stack has no UI and no ArgoCD).
std::string ReachTheUis(const Stack& stack, const Compiled& compiled);

}  // namespace kalypso
