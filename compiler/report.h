// Human-readable views of a compiled stack — the dependency graph (text, dot, mermaid),
// the endpoints table and the Secrets listing — shared by the CLI and out/README.md.
#pragma once

#include <string>

#include "model.h"

namespace kalypso {

/// The graph by wave, as text ("wave N:" then "  name (ns) <- deps").
std::string GraphText(const Compiled& compiled);
/// The graph as Graphviz dot: one rank per wave, waves left to right in order.
std::string GraphDot(const std::string& stack_name, const Compiled& compiled);
/// The graph as a Mermaid flowchart, one subgraph per wave. Node ids are `c<N>` (N the
/// component's index by name) labelled with the name: never a Mermaid keyword.
std::string GraphMermaid(const Compiled& compiled);
/// The graph as JSON: [{component, namespace, wave, needs: [...]}].
std::string GraphJson(const Compiled& compiled);
/// Aligned table: COMPONENT ENDPOINT ADDRESS URL.
std::string EndpointsTable(const Compiled& compiled);
/// JSON array of endpoints.
std::string EndpointsJson(const Compiled& compiled);
/// Per namespace, the Secrets and their keys.
std::string SecretsText(const Compiled& compiled);
/// The same as JSON: [{namespace, secret, keys, purpose, component}].
std::string SecretsJson(const Compiled& compiled);

/// The part of a fleet's compiled stack on one cluster: its instances, their endpoints
/// (and the addresses they expose), the Secrets its namespaces need, the externals.
Compiled OnCluster(const Compiled& compiled, const std::string& cluster);

}  // namespace kalypso
