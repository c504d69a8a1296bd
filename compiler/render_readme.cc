// Render output 3: out/README.md, what someone browsing the GitOps repository wants to see —
// how to apply it, the components by wave with their charts, externals, the wave graph, endpoints and Secrets.
#include <algorithm>
#include <sstream>
#include <vector>

#include "render_parts.h"
#include "report.h"
#include "ui_access.h"

namespace kalypso {

namespace {

// By wave, each name linking to its directory.
void Components(const Compiled& compiled, std::ostringstream& md) {
  md << "| Wave | Component | Namespace | Depends on | Charts |\n|---|---|---|---|---|\n";
  std::vector<std::pair<int, std::string>> by_wave;
  for (const auto& [name, rc] : compiled.components) by_wave.emplace_back(rc.wave, name);
  std::sort(by_wave.begin(), by_wave.end());
  for (const auto& [wave, name] : by_wave) {
    const auto& rc = compiled.components.at(name);
    std::string charts, deps;
    for (const auto& ci : rc.charts) charts += (charts.empty() ? "" : ", ") + ci.name + " " + ci.version + " (release `" + ci.release + "`)";
    for (const auto& d : rc.deps) deps += (deps.empty() ? "" : ", ") + d;
    md << "| " << wave << " | [" << name << "](" << InstanceDir(*rc.spec) << "/) | " << rc.spec->ns << " | "
       << (deps.empty() ? "-" : deps) << " | " << (charts.empty() ? "-" : charts) << " |\n";
  }
}

// How to hand the tree to ArgoCD, and the ArgoCD settings the ordering mode relies on.
void Apply(const Stack& stack, const std::string& root, std::ostringstream& md) {
  md << "## Apply\n\nFrom the repository root, once (ArgoCD then follows `" << stack.repo_url << "`):\n\n```sh\n"
     << "kubectl apply -n " << stack.argocd_namespace << " -f " << root << "/argocd/\n```\n\n"
     << "ArgoCD settings this tree needs:\n\n"
     << "- `argocd-cm`: `kustomize.buildOptions: --enable-helm` (every component is a Kustomize directory with Helm charts).\n";
  if (stack.ordering == "progressive")
    md << "- `argocd-cmd-params-cm`: `applicationsetcontroller.enable.progressive.syncs: \"true\"` (the ApplicationSet's "
          "RollingSync steps, one per wave), then restart the ApplicationSet controller. With progressive syncs ArgoCD "
          "turns off automated sync on the generated Applications: each step syncs them in wave order.\n";
  if (stack.ordering == "app-of-apps")
    md << "- `argocd-cm`: a health check for `argoproj.io/Application`, so the parent waits for each wave to be "
          "healthy (ArgoCD has none for Applications by default):\n\n```yaml\n"
          "resource.customizations.health.argoproj.io_Application: |\n"
          "  hs = {status = \"Progressing\", message = \"\"}\n"
          "  if obj.status ~= nil and obj.status.health ~= nil then\n"
          "    hs.status = obj.status.health.status\n"
          "    hs.message = obj.status.health.message or \"\"\n"
          "  end\n"
          "  return hs\n```\n";
  if (stack.ordering == "none")
    md << "- Nothing orders the components (ordering: none): they sync together and retry until their dependencies are up.\n";
  md << "\n";
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
       << stack.ordering << ").\n\n";
    Apply(stack, out.root, md);
    md << "## Clusters\n\n";
    Fleet(stack, out.compiled, md);
    md << "\n## Components by wave\n\n";
  } else {
    md << "ArgoCD applies these components in wave order (ordering: " << stack.ordering << ").\n\n";
    Apply(stack, out.root, md);
    md << "## Components by wave\n\n";
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
