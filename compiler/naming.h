// Helm naming rules, computed in C++ from the facts a kind declares in Jsonnet: each chart's
// release name and each exported Service's name (fullname rule, truncation, overrides).
#pragma once

#include <string>

#include "diag.h"
#include "model.h"

namespace kalypso {

/// The `fullname` helper most charts share: `fullnameOverride`, else the release when it
/// contains `name` (nameOverride or the chart's name), else "<release>-<name>"; cut to
/// `max` characters with a trailing '-' trimmed.
std::string HelmFullname(const std::string& name, const std::string& release, const Json& overrides, int max = 63);

/// Helm's `trunc N | trimSuffix "-"`.
std::string HelmTrunc(const std::string& s, int max);

/// What naming gives one component: {charts: [{release}], exports: {name: {service, port,
/// scheme, path}}}, from the kind's `charts[].release`/`naming` and `exports` (for kind
/// `helm`, the stack's `exports`). Reports bad templates and Service names at the stack.
Json NameInstance(const Json& kind, const Component& c, const Document& doc, Diags& diags);

}  // namespace kalypso
