// The starter stack of `kalypsoc init`. Three kinds wired as a real platform: Loki stores
// chunks in MinIO (storage:), Grafana reads Loki (datasources:); credentials are Secrets.
#include "starter_stack.h"

#include <fstream>

#include "fs.h"
#include "validate.h"

namespace kalypso {

std::string StarterStack(const std::string& schema) {
  return "# yaml-language-server: $schema=" + schema + R"(
# A starter platform: MinIO (object storage), Loki (logs, chunks in MinIO) and Grafana
# (dashboards, with Loki as a datasource). `kalypsoc build` writes the tree to out/;
# `kalypsoc stdlib list` shows every kind, `kalypsoc stdlib show loki` what one sets.
stack: starter
repo:
  url: https://git.example.com/platform.git   # the repository ArgoCD pulls out/ from
  revision: HEAD
output: out
argocd:
  namespace: argocd
  project: starter

components:
  minio:
    kind: minio
    namespace: minio
    credentials: {secret: minio-root}   # create this Secret yourself (kalypsoc secrets)

  loki:
    kind: loki
    namespace: loki
    storage: minio                      # buckets and S3 wiring are derived

  grafana:
    kind: grafana
    namespace: grafana
    credentials: {secret: grafana-admin}
    datasources: [loki]
)";
}

bool WriteStarter(const std::string& dir, std::vector<std::string>* written, Diags& diags) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"stack.yaml", StarterStack("stack.schema.json")},
      {"stack.schema.json", StackSchemaText()},
      {"kalypsoc.yaml", "# The stacks of this repository: `kalypsoc build` with no argument builds them all.\nstacks:\n  - stack.yaml\n"},
  };
  DiskFileSystem disk;
  if (!disk.IsDir(dir)) {
    diags.Error({dir, 0, 0}, "is not a directory");
    return false;
  }
  for (const auto& [name, text] : files)
    if (disk.Exists(JoinPath(dir, name)))
      diags.Error({JoinPath(dir, name), 0, 0}, "already exists; kalypsoc init writes only into a directory without it");
  if (diags.HasErrors()) return false;
  for (const auto& [name, text] : files) {
    std::string path = JoinPath(dir, name);
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush()) {
      diags.Error({path, 0, 0}, "cannot write");
      return false;
    }
    written->push_back(path);
  }
  return true;
}

}  // namespace kalypso
