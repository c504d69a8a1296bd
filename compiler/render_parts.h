// The three outputs of the render stage, each in its own file: the Kustomize directory of
// every component, the ArgoCD objects ordering them, and out/README.md. render.cc chains them.
#pragma once

#include <string>

#include "diag.h"
#include "fs.h"
#include "model.h"
#include "render.h"

namespace kalypso {

/// What every output writes into: the tree under the output root, each file with the header.
struct RenderTarget {
  const Stack& stack;
  const Compiled& compiled;
  Tree* tree;
  std::string header;  ///< GeneratedHeader(stack)
  std::string root;    ///< the output directory relative to the repository root

  /// Writes `value` as YAML (with the header) at `rel` under the root.
  void Put(const std::string& rel, const Json& value) const;
  /// Writes raw text at `rel` under the root.
  void PutText(const std::string& rel, std::string text) const { (*tree)[root + "/" + rel] = std::move(text); }
};

/// Labels naming a fleet instance's cluster and environment (ApplicationSet steps match them).
inline constexpr const char* kClusterLabel = "kalypso.dev/cluster";
inline constexpr const char* kEnvironmentLabel = "kalypso.dev/environment";

/// out/<root>/manifests/<component>/: Namespace, kustomization, values, Secrets, resources
/// (`resources:` files read through `fs`).
[[nodiscard]] bool RenderKustomize(const RenderTarget& out, FileSystem& fs, Diags& diags);

/// out/<root>/argocd/: the AppProject and the ApplicationSet, or the app-of-apps Applications.
void RenderArgoCd(const RenderTarget& out);

/// out/<root>/README.md: components, externals, waves, endpoints and Secrets.
void RenderReadme(const RenderTarget& out);

}  // namespace kalypso
