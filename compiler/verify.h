// `kalypsoc verify`: compiles a stack in memory, renders each component as ArgoCD will
// (kustomize --enable-helm with a real helm) and proves SPEC section 11 on the objects.
#pragma once

#include <ostream>
#include <string>

namespace kalypso {

/// What `kalypsoc verify` was asked.
struct VerifyOptions {
  std::string stack;
  std::string helm;          ///< --helm PATH ("" = helm on PATH)
  std::string component;     ///< --component C ("" = every component)
  std::string output = "text";
  std::string stdlib_dir;
  bool unused_values = false;
  bool color = false;
  int jobs = 3;              ///< renders at a time
};

/// Runs verify: findings on `out`, progress and errors on `err`. Returns 0 (all proven),
/// 1 (a finding) or 2 (input or tool error, an unavailable chart included: the components
/// that did render are still checked and reported).
int RunVerify(const VerifyOptions& options, std::ostream& out, std::ostream& err);

}  // namespace kalypso
