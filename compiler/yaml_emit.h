// Deterministic YAML output: block style, two-space indent, keys sorted (Kubernetes objects
// open with apiVersion, kind, metadata), and every string YAML 1.1 could misread quoted.
#pragma once

#include <string>

#include "document.h"

namespace kalypso {

/// Renders one YAML document (no header, no "---") ending in a newline. `margin`: how far the
/// text will be indented where it is used (a block scalar), so long one-word values are
/// moved to their own line where the final line would pass 80 columns.
std::string EmitYaml(const Json& value, int margin = 0);

/// A string as a YAML scalar: plain when unambiguous, else quoted.
std::string YamlScalar(const std::string& s);

/// True when a plain scalar `s` would be read by YAML 1.1 or 1.2 as something but a string.
bool YamlNeedsQuotes(const std::string& s);

}  // namespace kalypso
