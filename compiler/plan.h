// Stage 5, plan: orders the components into ArgoCD waves from their dependencies (derived
// waves, explicit waves checked) and reports dependency cycles as a path.
#pragma once

#include "diag.h"
#include "model.h"

namespace kalypso {

/// Assigns `wave` to every resolved component; errors for cycles and too-early explicit waves.
[[nodiscard]] bool PlanWaves(const Stack& stack, Compiled* compiled, Diags& diags);

}  // namespace kalypso
