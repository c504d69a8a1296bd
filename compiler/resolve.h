// Stage 4, resolve: checks every name the stack uses (kinds, components, endpoints, storage,
// datasources, needs), computes every endpoint's address from the stdlib's naming rules,
// substitutes `${component.endpoint[.part]}` references and records the dependencies.
#pragma once

#include <functional>
#include <optional>

#include "diag.h"
#include "model.h"
#include "stdlib_eval.h"

namespace kalypso {

/// Resolves names and references; fills endpoints, deps and each component's charts
/// (coordinates, release names, user values with references substituted).
[[nodiscard]] bool Resolve(const Stack& stack, const Catalog& catalog, Compiled* out, Diags& diags);

/// Replaces every `${expr}` in the strings of `value` whose expr contains a '.'; `$${` writes
/// a literal `${`; `${NAME}` (no dot) is left for the chart's own env expansion. A string
/// that is exactly one reference takes the referenced value's type. `lookup` returns nullopt
/// for an unknown expression (and reports it itself, given the value's JSON pointer).
using RefLookup = std::function<std::optional<Json>(const std::string& expr, const std::string& ptr)>;
Json SubstituteRefs(const Json& value, const std::string& ptr, const RefLookup& lookup);

/// The value of `part` ("", "host", "port", "url", "address", "scheme", "path") of an endpoint.
std::optional<Json> EndpointPart(const Endpoint& e, const std::string& part);

}  // namespace kalypso
