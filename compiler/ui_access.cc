// Port-forward commands for the stack's web UIs. Each kind names its UI endpoints in the
// stdlib (`ui: [{endpoint, localPort, title}]`); the Service and port are the resolved ones.
#include "ui_access.h"

#include <set>
#include <sstream>

namespace kalypso {

namespace {

// The ArgoCD a tree without an argo-cd component is applied by: argo-cd manifests/install.yaml
// names its API/UI Service `argocd-server` (ports 80 and 443, targetPort 8080).
constexpr const char* kInstalledArgoCdService = "argocd-server";

// One command; `used` keeps local ports distinct (two Grafanas get 3000 and 3001).
void Line(std::ostringstream& md, std::set<int>& used, const std::string& title, const std::string& ns, const std::string& service,
          int local, int port, const std::string& scheme) {
  while (!used.insert(local).second) ++local;
  md << "# " << title << ": " << scheme << "://localhost:" << local << "\n";
  md << "kubectl port-forward -n " << ns << " svc/" << service << " " << local << ":" << port << "\n";
}

}  // namespace

std::string ReachTheUis(const Stack& stack, const Compiled& compiled) {
  std::ostringstream md;
  bool argocd = false;
  std::set<int> used;
  for (const auto& [name, rc] : compiled.components) {
    for (const auto& ui : rc.kind().value("ui", Json::array())) {
      std::string endpoint = ui["endpoint"].get<std::string>();
      // A UI served in plain HTTP when a value says so (ArgoCD's server.insecure).
      if (ui.contains("plainWhen") && !rc.charts.empty()) {
        Json::json_pointer when(ui["plainWhen"].get<std::string>());
        if (rc.charts[0].values.contains(when) && rc.charts[0].values.at(when) == true) endpoint = ui["plainEndpoint"].get<std::string>();
      }
      auto ep = compiled.endpoints.find(name + "." + endpoint);
      if (ep == compiled.endpoints.end() || ep->second.external) continue;
      Line(md, used, ui["title"].get<std::string>() + " (" + name + ")", ep->second.ns, ep->second.service,
           ui["localPort"].get<int>(), ep->second.port, ep->second.scheme);
      argocd = argocd || rc.spec->kind == "argo-cd";
    }
  }
  if (!argocd) Line(md, used, "ArgoCD (installed beside the tree)", stack.argocd_namespace, kInstalledArgoCdService, 8080, 443, "https");
  // Consoles outside the cluster need no port-forward.
  for (const auto& [name, x] : stack.externals) {
    auto console = x.endpoints.find("console");
    if (console != x.endpoints.end())
      md << "# " << name << " console (outside the cluster, no port-forward): " << console->second.scheme << "://"
         << console->second.host << ":" << console->second.port << "\n";
  }
  return "## Reach the UIs\n\nFrom a shell with access to the cluster, one command per UI (each keeps running):\n\n```sh\n" +
         md.str() + "```\n";
}

}  // namespace kalypso
