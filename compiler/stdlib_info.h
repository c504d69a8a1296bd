// `kalypsoc stdlib list` and `stdlib show KIND`: what each stdlib kind installs and decides,
// printed from the evaluated catalog (the same definitions a build uses).
#pragma once

#include <string>

#include "document.h"

namespace kalypso {

/// One line per kind: name, chart(s) with version, description.
std::string StdlibListText(const Json& kinds);

/// Everything about one kind: charts and versions, its exports with the naming rule (and the
/// Service names a component named after the kind gets), the values it sets, the features
/// it polices. `kind` is the kind's definition from the catalog.
std::string StdlibShowText(const std::string& name, const Json& kind);

}  // namespace kalypso
