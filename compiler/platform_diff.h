// What a change does to the platform: two compilations of a stack reduced to instances
// (facts per component; `cluster/component` once fleets land) and compared fact by fact.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compile.h"

namespace kalypso {

/// One chart of an instance.
struct ChartFacts {
  std::string name, repo, version, release;
};

/// The facts `diff` compares for one instance of a component.
struct InstanceFacts {
  std::string ns;
  int wave = 0;
  std::vector<ChartFacts> charts;
  std::vector<std::string> sync_options, deps;
  std::string ns_meta;                          ///< namespace labels and annotations
  std::map<std::string, Endpoint> endpoints;    ///< endpoint name -> address
  std::map<std::string, std::string> files;     ///< file name in its directory -> bytes
};

/// One compilation, as `diff` sees it.
struct Platform {
  std::map<std::string, InstanceFacts> instances;  ///< instance key -> facts
  std::set<SecretNeed> secrets;
  std::map<std::string, std::string> settings;  ///< "policy.forbid", "argocd.ordering", ... -> value
  Tree files;  ///< the generated tree without the ownership manifest
  std::string output_root;  ///< where `files` live (the stack's `output`, normalised)
};

/// Reduces a compilation to what `diff` compares.
Platform PlatformOf(const Compilation& c);

/// The instance a generated file belongs to ("" for platform-wide files such as argocd/),
/// and its name inside the instance's directory.
std::string InstanceOfPath(const std::string& output_root, const std::string& path, std::string* file);

/// One fact that changed.
struct Change {
  std::string kind;  ///< "chart version", "chart", "release", "values", "resources", "wave", "namespace",
                     ///< ..., "follows" (after: a moved endpoint it references)
  std::string before, after;
};

/// An instance added, removed or changed.
struct InstanceDiff {
  std::string key, status;  ///< status: added, removed, changed
  std::vector<Change> changes;
};

/// An endpoint whose address moved, and the instances that reference it.
struct EndpointMove {
  std::string instance, name, before, after;
  std::vector<std::string> followers;  ///< reference the new address
  std::vector<std::string> stale;      ///< still name the old host
};

/// A Secret the platform needs that appeared, disappeared or changed keys (never values).
struct SecretChange {
  std::string cluster;           ///< "" in a one-cluster stack
  std::string ns, name, status;  ///< added, removed, changed
  std::string instance;          ///< the instance that needs it
  std::vector<std::string> keys, added_keys, removed_keys;
};

/// A generated file that differs.
struct FileDiff {
  std::string path, instance, status;  ///< added, removed, changed
  std::string diff;                    ///< unified diff
};

/// Options of the comparison.
struct DiffOptions {
  bool noise_filter = true;  ///< hide `helm.sh/chart` / `app.kubernetes.io/version` churn
};

/// Everything that differs for one stack.
struct StackDiff {
  std::string stack;
  std::string status;  ///< "added" (not at BASE), "removed", "changed", "unchanged"
  std::vector<InstanceDiff> instances;
  int unchanged = 0;  ///< instances present on both sides with no difference
  std::vector<EndpointMove> endpoints;
  std::vector<SecretChange> secrets;
  std::vector<Change> settings;  ///< kind = setting name
  std::vector<FileDiff> files;
  int noise_lines = 0;  ///< churning label lines hidden by the noise filter
};

/// Compares two platforms (nullptr: the stack does not exist on that side).
StackDiff DiffPlatforms(const std::string& stack, const Platform* before, const Platform* after,
                        const DiffOptions& options);

/// `items` joined by `sep` (for messages and reports).
std::string JoinList(const std::vector<std::string>& items, const std::string& sep = ", ");

/// `after` with each churning label line (`helm.sh/chart`, `app.kubernetes.io/version`) given
/// the value of its counterpart in `before` (the n-th such line with the same indent and key);
/// *hidden counts the lines changed.
std::string MaskNoise(const std::string& before, const std::string& after, int* hidden);

}  // namespace kalypso
