// verify, the proofs: what kalypsoc promised (endpoints, addresses, Secrets, ${VAR}
// expansion, forbidden features, no default credentials) checked on the rendered objects.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compile.h"
#include "verify_render.h"

namespace kalypso {

/// One thing the rendered objects contradict.
struct Finding {
  std::string component;  ///< where it was found
  std::string object;     ///< "Kind/name" (namespace in the message when it matters)
  std::string subject;    ///< the address, Secret/key, variable, feature or credential
  std::string message;
  std::string source;     ///< where kalypsoc got the fact: stack FILE:LINE or stdlib file:line
  bool operator<(const Finding& o) const;
};

/// Where a kind's facts are written: its stdlib file and the line of a key in a section.
class StdlibFacts {
 public:
  explicit StdlibFacts(std::string stdlib_dir);
  /// "stdlib/minio.libsonnet:44": the first line holding `key` after the line holding
  /// `section` (the section's line, or the file, when not found).
  std::string Line(const std::string& kind, const std::string& section, const std::string& key) const;

 private:
  std::string dir_;
  std::map<std::string, std::string> files_;  ///< kind -> file name (from kalypso.libsonnet)
};

/// Every component's rendered objects, by component name.
using RenderedObjects = std::map<std::string, std::vector<Json>>;

/// Proves every point of SPEC section 11 that the rendered objects can show.
std::vector<Finding> CheckRendered(const Compilation& c, const RenderedObjects& objects, const StdlibFacts& facts);

/// The pod specs of a workload object (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod...).
std::vector<const Json*> PodSpecs(const Json& object);

/// The namespace an object lands in: its own, else the component's.
std::string NamespaceOf(const Json& object, const std::string& fallback);

/// "Kind/name".
std::string ObjectName(const Json& object);

}  // namespace kalypso
