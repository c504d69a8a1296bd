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

/// One component as the user declared it (defaults applied).
struct Component {
  std::string name, kind, ns, release, ptr;
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
  std::map<std::string, Component> components;  ///< enabled components only, by name
  std::map<std::string, External> externals;
  std::string stack_path;   ///< as given on the command line
  std::string repo_root;    ///< directory holding .git (or the current directory)
  std::string stack_rel;    ///< the stack path relative to repo_root (in headers)
};

/// A resolved endpoint: a concrete address.
struct Endpoint {
  std::string component, name;
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
  Json values;       ///< the stdlib skeleton, then (after render) the final values
  Json user_values;  ///< the user's values, references substituted; merged last
  std::string user_ptr;  ///< where the user's values for it are written ("" if none)
};

/// A required Secret: namespace, name, keys, and why.
struct SecretNeed {
  std::string ns, name, component;
  std::vector<std::string> keys;
  std::string purpose;
  bool operator<(const SecretNeed& o) const { return std::tie(ns, name) < std::tie(o.ns, o.name); }
};

/// Everything the later stages produce for one component.
struct ResolvedComponent {
  const Component* spec = nullptr;
  Json kind;  ///< the stdlib kind definition
  std::vector<ChartInstance> charts;
  std::set<std::string> deps;  ///< components (not externals) this one depends on
  std::map<std::string, std::string> dep_reason;  ///< dep -> pointer of first reference
  int wave = 1;
  std::vector<std::string> sync_options;
  std::vector<std::pair<std::string, Json>> extra_resources;  ///< file name -> objects (stdlib)
  std::vector<Json> resources;  ///< the stack's `resources:`, inline objects with references substituted
};

/// The result of compiling a stack in memory.
struct Compiled {
  std::map<std::string, Endpoint> endpoints;  ///< "component.endpoint" -> address
  std::map<std::string, ResolvedComponent> components;
  std::set<SecretNeed> secrets;
};

}  // namespace kalypso
