// verify --unused-values: each leaf of each generated values file is changed in turn and the
// chart re-rendered with helm template; a leaf whose change alters nothing is reported.
#pragma once

#include <ostream>
#include <vector>

#include "verify_checks.h"

namespace kalypso {

/// The leaves of the rendered components' values that change nothing, each at the stack line
/// or stdlib fact that set it. Uses the charts verify's render left in the cache; *ok is set
/// false when a chart's unchanged values do not render (its leaves are then unchecked).
std::vector<Finding> FindUnusedValues(const Compilation& c, const RenderedObjects& rendered, const RenderTools& tools,
                                      const StdlibFacts& facts, std::ostream& progress, bool* ok);

/// Every leaf of `v` as a JSON Pointer (scalars, and empty arrays or objects).
std::vector<std::string> Leaves(const Json& v, const std::string& prefix = "");

/// `v` with the leaf at `pointer` changed to a value of the same type that differs.
Json ChangeLeaf(const Json& v, const std::string& pointer);

}  // namespace kalypso
