// `kalypsoc init`: a starter stack (MinIO for object storage, Loki for logs, Grafana to look
// at them) that builds as written, with the editor schema modeline and kalypsoc.yaml.
#pragma once

#include <string>
#include <vector>

#include "diag.h"

namespace kalypso {

/// The starter stack's YAML; `schema` is the modeline's schema path.
std::string StarterStack(const std::string& schema);

/// Writes DIR/stack.yaml, DIR/stack.schema.json and DIR/kalypsoc.yaml; refuses (with an
/// error, writing nothing) when one of them exists. `written` gets the paths written.
bool WriteStarter(const std::string& dir, std::vector<std::string>* written, Diags& diags);

}  // namespace kalypso
