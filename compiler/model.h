// The typed stack model every stage after validation works on, plus the stdlib catalog
// (what the one Jsonnet evaluation returns) and the results of resolution and planning.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <string>
#include <vector>

#include "document.h"

namespace kalypso {

/// A named network endpoint as written (helm exports, externals).
struct EndpointSpec {
  std::string service;  ///< helm kind: Service name pattern ("{fullname}-http")
  std::string host;     ///< externals: host name
  int port = 0;
  std::string scheme = "http";
  std::string path;
  std::string ptr;  ///< where it is written
};

/// Chart coordinates and overrides of one chart of a component.
struct ChartOverride {
  std::string name, repo, version, release;
  std::optional<bool> enabled;
  std::optional<Json> values;
  std::string ptr;
};

/// Secret reference; credentials are never literals.
struct Credentials {
  std::string secret, user_key, password_key;
  std::string ptr;
};

struct Cluster;

/// One component instance: a component as the user declared it (defaults applied) placed on
/// one cluster, with its `environments.<env>` and `clusters.<cluster>` blocks merged in (see
/// layer.h). A one-cluster stack has one instance per component, on the implicit cluster.
struct Component {
  std::string name, kind, ns, release;
  std::string id;   ///< instance id: the component name, or "cluster/component" in a fleet
  std::string ptr;  ///< where its fields are written: "/components/<name>", or a layered pointer
  const Cluster* cluster = nullptr;
  bool enabled = true;
  ChartOverride chart;
  std::map<std::string, ChartOverride> charts;
  std::map<std::string, EndpointSpec> exports;
  std::vector<std::string> needs;
  int wave = 0;  ///< explicit wave, 0 when derived
  std::string storage;
  std::map<std::string, std::string> buckets;
  std::optional<Credentials> credentials;
  std::vector<std::string> datasources;
  std::map<std::string, std::string> telemetry;  ///< signal (traces, metrics, logs) -> target
  Json values = Json::object();
  std::vector<Json> resources;  ///< strings (paths) or inline objects
  std::map<std::string, std::string> labels, annotations;
  std::vector<std::string> sync_options;
  /// Secrets the user's values name (`secrets:`): name, keys, purpose.
  struct SecretRef {
    std::string name, purpose;
    std::vector<std::string> keys;
  };
  std::vector<SecretRef> secrets;
  /// Fleets: the address other clusters use for an endpoint (`expose`); host may hold
  /// `{ingressDomain}`.
  std::map<std::string, EndpointSpec> expose;
};
using Instance = Component;

/// A rollout ring (`environments:`), in rollout order.
struct Environment {
  std::string name, ptr;
  Json max_update;  ///< RollingSync maxUpdate of this ring's steps (null: all at once)
  int ring = 0;  ///< index in `environments`
};

/// A cluster of the fleet; a one-cluster stack has one implicit cluster named "".
struct Cluster {
  std::string name, environment, server, destination_name, cluster_domain, ingress_domain, ptr;
  std::map<std::string, std::string> labels;
  int ring = 0;
};

/// A service outside the cluster.
struct External {
  std::string name, kind, ptr, region, description;
  std::map<std::string, EndpointSpec> endpoints;
  std::optional<Credentials> credentials;
};

/// The whole validated stack.
struct Stack {
  const Document* doc = nullptr;
  std::string name, repo_url, revision, output, cluster_domain;
  std::string argocd_namespace, project, server, ordering;
  bool automated = true;
  bool prune = true;  ///< argocd.prune: automated.prune, also what RollingSync syncs use
  std::vector<std::string> forbid;
  std::string profile = "standard";  ///< sizing: small | standard | ha (stdlib `profiles`)
  bool ebpf = true;                  ///< false drops the stdlib's eBPF charts and resources
  std::string plaintext_credentials;
  std::string secret_store, secret_store_kind, external_secret_api, refresh_interval, key_prefix;
  /// The enabled instances by id (sorted: by cluster, then component in a fleet).
  std::map<std::string, Instance> components;
  /// component name -> ids of its instances, for cross-cluster references.
  std::map<std::string, std::vector<std::string>> placed;
  bool fleet = false;  ///< `clusters:` given
  std::set<std::string> disabled;  ///< fleet instances placed but `enabled: false` (README matrix)
  std::vector<Environment> environments;  ///< rings in rollout order (fleets)
  std::map<std::string, Cluster> clusters;  ///< by name; the implicit "" one without `clusters:`
  std::map<std::string, External> externals;
  std::string stack_path;   ///< as given on the command line
  std::string repo_root;    ///< directory holding .git (or the current directory)
  std::string stack_rel;    ///< the stack path relative to repo_root (in headers)
};

/// A resolved endpoint: a concrete address.
struct Endpoint {
  std::string component, name;  ///< component: the instance id (or external name)
  std::string host;  ///< FQDN (or the external host)
  std::string service, ns;  ///< in-cluster only
  int port = 0;
  std::string scheme, path;
  bool external = false;
  [[nodiscard]] std::string Address() const { return host + ":" + std::to_string(port); }
  [[nodiscard]] std::string Url() const { return scheme + "://" + Address() + path; }
};

/// A chart instance of a component, after the stdlib and the overrides are combined.
struct ChartInstance {
  std::string name, repo, version, release, values_file;
  std::string fullname;  ///< the chart's fullname helper for this release (naming.cc)
  Json values;       ///< the stdlib skeleton, then (after render) the final values
  Json user_values;  ///< the user's values, references substituted; merged last
  std::string user_ptr;  ///< where the user's values for it are written ("" if none)
};

/// A required Secret: namespace, name, keys, and why.
struct SecretNeed {
  std::string ns, name, component;  ///< component: the instance id
  std::vector<std::string> keys;
  std::string purpose;
  std::string cluster;  ///< "" in a one-cluster stack
  bool operator<(const SecretNeed& o) const { return std::tie(cluster, ns, name) < std::tie(o.cluster, o.ns, o.name); }
};

/// Everything the later stages produce for one component.
struct ResolvedComponent {
  const Component* spec = nullptr;
  const Json* kind_def = nullptr;  ///< the stdlib kind definition, in the catalog
  /// The stdlib kind definition (an empty object until resolved).
  const Json& kind() const {
    static const Json kNone = Json::object();
    return kind_def ? *kind_def : kNone;
  }
  std::vector<ChartInstance> charts;
  std::set<std::string> deps;  ///< instances (not externals) this one depends on
  std::string storage;  ///< the storage provider: an instance id or an external name
  Endpoint storage_endpoint;  ///< its S3 endpoint as this instance reaches it
  std::vector<std::pair<std::string, Endpoint>> datasources;  ///< target instance id, address used
  std::vector<std::tuple<std::string, std::string, Endpoint>> telemetry;  ///< signal, target instance id, address used
  std::map<std::string, std::string> dep_reason;  ///< dep -> pointer of first reference
  int wave = 1;
  std::vector<std::string> sync_options;
  std::vector<std::pair<std::string, Json>> extra_resources;  ///< file name -> objects (stdlib)
  std::vector<Json> resources;  ///< the stack's `resources:`, inline objects with references substituted
};

/// The result of compiling a stack in memory.
struct Compiled {
  std::map<std::string, Endpoint> endpoints;  ///< "instance.endpoint" -> in-cluster address
  std::map<std::string, Endpoint> exposed;  ///< "instance.endpoint" -> address for other clusters
  std::map<std::string, ResolvedComponent> components;
  std::set<SecretNeed> secrets;
};

}  // namespace kalypso
