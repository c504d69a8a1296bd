// Stage 6, wire: composes every chart's final values — the stdlib skeleton, S3 storage,
// credentials from Secrets, MinIO buckets derived from consumers, Grafana datasources,
// then the user's values — and lists the Secrets each namespace must hold.
#pragma once

#include "diag.h"
#include "model.h"

namespace kalypso {

/// Fills each ChartInstance::values with its final values and `compiled->secrets`.
[[nodiscard]] bool WireValues(const Stack& stack, Compiled* compiled, Diags& diags);

/// Replaces `${name}` placeholders of a stdlib template from `vars` (dotted names); a
/// placeholder with no entry in `vars` is an error in the stdlib, reported at `where`.
Json FillTemplate(const Json& tmpl, const std::map<std::string, Json>& vars, const Location& where, Diags& diags);

}  // namespace kalypso
