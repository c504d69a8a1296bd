// Render output 3: out/README.md, what someone browsing the GitOps repository wants to see —
// the components with waves and charts, externals, the wave graph, endpoints and Secrets.
#include <sstream>

#include "render_parts.h"
#include "report.h"
#include "ui_access.h"

namespace kalypso {

namespace {

void Components(const Compiled& compiled, std::ostringstream& md) {
  md << "| Component | Namespace | Wave | Depends on | Charts |\n|---|---|---|---|---|\n";
  for (const auto& [name, rc] : compiled.components) {
    std::string charts, deps;
    for (const auto& ci : rc.charts) charts += (charts.empty() ? "" : ", ") + ci.name + " " + ci.version + " (release `" + ci.release + "`)";
    for (const auto& d : rc.deps) deps += (deps.empty() ? "" : ", ") + d;
    md << "| " << name << " | " << rc.spec->ns << " | " << rc.wave << " | " << (deps.empty() ? "-" : deps) << " | "
       << (charts.empty() ? "-" : charts) << " |\n";
  }
}

void Externals(const Stack& stack, std::ostringstream& md) {
  if (stack.externals.empty()) return;
  md << "\n## Outside the cluster\n\nUsed like components (references, storage, needs), never deployed:\n\n";
  md << "| External | Kind | Endpoints | Description |\n|---|---|---|---|\n";
  for (const auto& [name, x] : stack.externals) {
    std::string eps;
    for (const auto& [ep, spec] : x.endpoints)
      eps += (eps.empty() ? "" : ", ") + ep + " `" + spec.host + ":" + std::to_string(spec.port) + "`";
    md << "| " << name << " | " << x.kind << " | " << eps << " | " << x.description << " |\n";
  }
}

void Endpoints(const Compiled& compiled, std::ostringstream& md) {
  md << "| Component | Endpoint | Address | URL |\n|---|---|---|---|\n";
  for (const auto& [key, ep] : compiled.endpoints)
    md << "| " << ep.component << " | " << ep.name << " | `" << ep.Address() << "` | `" << ep.Url() << "` |\n";
  if (compiled.exposed.empty()) return;
  md << "\n### Exposed to other clusters (`expose`)\n\n| Instance | Endpoint | Address | URL |\n|---|---|---|---|\n";
  for (const auto& [key, ep] : compiled.exposed)
    md << "| " << ep.component << " | " << ep.name << " | `" << ep.Address() << "` | `" << ep.Url() << "` |\n";
}

// Fleets: the clusters, then a clusters x components matrix (wave and main chart version,
// `off` where an override disables it, `-` where it is not placed).
void Fleet(const Stack& stack, const Compiled& compiled, std::ostringstream& md) {
  md << "| Cluster | Environment | Destination | Cluster domain | Ingress domain | Labels |\n|---|---|---|---|---|---|\n";
  for (const auto& [name, cl] : stack.clusters) {
    std::string labels;
    for (const auto& [k, v] : cl.labels) labels += (labels.empty() ? "" : ", ") + k + "=" + v;
    md << "| " << name << " | " << cl.environment << " | " << (cl.server.empty() ? "name `" + cl.destination_name + "`" : "`" + cl.server + "`")
       << " | " << cl.cluster_domain << " | " << (cl.ingress_domain.empty() ? "-" : cl.ingress_domain) << " | "
       << (labels.empty() ? "-" : labels) << " |\n";
  }
  md << "\n## Instances (wave, chart version)\n\n| Cluster |";
  for (const auto& [component, ids] : stack.placed) md << " " << component << " |";
  md << "\n|---|";
  for (size_t i = 0; i < stack.placed.size(); ++i) md << "---|";
  md << "\n";
  for (const auto& [cluster, cl] : stack.clusters) {
    md << "| " << cluster << " |";
    for (const auto& [component, ids] : stack.placed) {
      std::string id = cluster + "/" + component;
      auto rc = compiled.components.find(id);
      if (rc != compiled.components.end())
        md << " " << rc->second.wave << (rc->second.charts.empty() ? "" : " · " + rc->second.charts[0].version) << " |";
      else
        md << (stack.disabled.count(id) ? " off |" : " - |");
    }
    md << "\n";
  }
  md << "\n## Rollout order\n\nRing by ring (environments in order), wave by wave inside a ring:\n\n";
  std::map<std::pair<int, int>, std::vector<std::string>> steps;
  for (const auto& [id, rc] : compiled.components) steps[{rc.spec->cluster->ring, rc.wave}].push_back(id);
  int n = 0;
  for (const auto& [key, ids] : steps) {
    const Environment& env = stack.environments[key.first];
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
    md << ++n << ". " << env.name << ", wave " << key.second
       << (env.max_update.is_null() ? "" : " (maxUpdate " + (env.max_update.is_string() ? env.max_update.get<std::string>() : env.max_update.dump()) + ")")
       << ": " << list << "\n";
  }
}

void Secrets(const Stack& stack, const Compiled& compiled, std::ostringstream& md) {
  if (compiled.secrets.empty()) {
    md << "None.\n";
    return;
  }
  md << (stack.secret_store.empty() ? "Create these before the components that read them sync:\n\n"
                                    : "Each is produced by an ExternalSecret from the store `" + stack.secret_store + "`:\n\n");
  md << (stack.fleet ? "| Cluster " : "") << "| Namespace | Secret | Keys | Used for |\n" << (stack.fleet ? "|---" : "")
     << "|---|---|---|---|\n";
  for (const auto& s : compiled.secrets) {
    std::string keys;
    for (const auto& k : s.keys) keys += (keys.empty() ? "`" : ", `") + k + "`";
    md << (stack.fleet ? "| " + s.cluster + " " : "") << "| " << s.ns << " | " << s.name << " | " << keys << " | " << s.purpose << " |\n";
  }
}

}  // namespace

void RenderReadme(const RenderTarget& out) {
  const Stack& stack = out.stack;
  std::ostringstream md;
  md << "<!-- Code generated by kalypsoc from " << stack.stack_rel << ". DO NOT EDIT. -->\n";
  md << "# " << stack.name << "\n\n";
  if (stack.fleet) {
    md << "ArgoCD applies these components on " << stack.clusters.size() << " clusters, ring by ring and in wave order inside a ring (ordering: "
       << stack.ordering << ").\n\n## Clusters\n\n";
    Fleet(stack, out.compiled, md);
    md << "\n## Components\n\n";
  } else {
    md << "ArgoCD applies these components in wave order (ordering: " << stack.ordering << ").\n\n## Components\n\n";
  }
  Components(out.compiled, md);
  Externals(stack, md);
  if (!stack.fleet) md << "\n## Waves\n\n```mermaid\n" << GraphMermaid(out.compiled) << "```\n";
  md << "\n## Endpoints\n\n";
  Endpoints(out.compiled, md);
  md << "\n" << ReachTheUis(stack, out.compiled);
  md << "\n## Secrets each namespace must hold\n\n";
  Secrets(stack, out.compiled, md);
  out.PutText("README.md", md.str());
}

}  // namespace kalypso
