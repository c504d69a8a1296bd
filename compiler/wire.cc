// Values composition. The stdlib says *where* each fact goes in a chart's values (templates
// with `${storage.endpoint}`, `${buckets.blocks}`, `${credentials.secret}`...); this stage
// supplies the facts and deep-merges in a fixed order, user values last.
#include "wire.h"

#include <algorithm>

#include "parallel.h"
#include "resolve.h"

namespace kalypso {

Json FillTemplate(const Json& tmpl, const std::map<std::string, Json>& vars, const Location& where, Diags& diags) {
  return SubstituteRefs(tmpl, "", [&](const std::string& expr, const std::string&) -> std::optional<Json> {
    auto it = vars.find(expr);
    if (it != vars.end()) return it->second;
    diags.Error(where, "stdlib template uses unknown placeholder '${" + expr + "}'");
    return std::nullopt;
  });
}

namespace {

class Wirer {
 public:
  Wirer(const Stack& stack, Compiled* compiled, Diags& diags)
      : stack_(stack), compiled_(compiled), diags_(diags), doc_(*stack.doc) {}

  // Each instance's values depend only on the resolved stack: instances are wired on every
  // core, each with its own diagnostics; those and the Secrets they need are then recorded
  // in instance order (the first instance naming a Secret in a namespace owns it).
  bool Run() {
    std::vector<ResolvedComponent*> all;
    for (auto& [name, rc] : compiled_->components) {
      CollectBuckets(rc);
      all.push_back(&rc);
    }
    if (diags_.HasErrors()) return false;
    std::vector<Diags> found(all.size());
    std::vector<std::vector<SecretNeed>> needs(all.size());
    ParallelChunks(all.size(), 64, [&](size_t i) { Wire(*all[i], &needs[i], found[i]); });
    for (size_t i = 0; i < all.size(); ++i) {
      diags_.Append(found[i]);
      RecordSecrets(*all[i], std::move(needs[i]));
    }
    return !diags_.HasErrors();
  }

 private:
  // Bucket names per consumer role: the kind's defaults, overridden by `buckets:`.
  std::map<std::string, std::string> BucketsOf(const ResolvedComponent& rc) const {
    std::map<std::string, std::string> out;
    const Json& defaults = rc.kind()["storage"]["buckets"];
    for (auto it = defaults.begin(); it != defaults.end(); ++it) out[it.key()] = it.value().get<std::string>();
    for (const auto& [role, name] : rc.spec->buckets) out[role] = name;
    return out;
  }

  void CollectBuckets(ResolvedComponent& rc) {
    const Component& c = *rc.spec;
    if (c.storage.empty()) return;
    for (const auto& [role, bucket] : BucketsOf(rc)) {
      auto& owners = bucket_owner_[rc.storage];
      auto [it, fresh] = owners.emplace(bucket, c.id + "' (" + role);
      consumers_[rc.storage][c.name].push_back(bucket);
      if (!fresh) {
        std::string ptr = c.buckets.count(role) ? PointerAppend(c.ptr + "/buckets", role) : c.ptr + "/storage";
        diags_.Error(doc_.At(ptr), "bucket '" + bucket + "' of '" + c.id + "' (" + role + ") is already used by '" + it->second +
                                       ") on '" + rc.storage + "'; give one of them another name under 'buckets:'");
      }
    }
  }

  // The entry of `key` in `map`, or an empty one (the map is shared by threads: never inserted into).
  template <typename Map>
  static const typename Map::mapped_type& Lookup(const Map& map, const std::string& key) {
    static const typename Map::mapped_type kNone;
    auto it = map.find(key);
    return it == map.end() ? kNone : it->second;
  }

  std::string SecretName(const ResolvedComponent& rc, const Json& spec) const {
    if (rc.spec->credentials) return rc.spec->credentials->secret;
    std::string name = spec.value("defaultSecret", std::string("{name}-credentials"));
    size_t p = name.find("{name}");
    if (p != std::string::npos) name.replace(p, 6, rc.spec->name);
    return name;
  }

  std::vector<std::string> SecretKeys(const ResolvedComponent& rc, const Json& spec) const {
    std::vector<std::string> keys;
    for (const auto& k : spec.value("keys", Json::array())) keys.push_back(k.get<std::string>());
    if (rc.spec->credentials) {
      if (!rc.spec->credentials->user_key.empty() && !keys.empty()) keys[0] = rc.spec->credentials->user_key;
      if (!rc.spec->credentials->password_key.empty() && keys.size() > 1) keys[1] = rc.spec->credentials->password_key;
    }
    return keys;
  }

  void MergeInto(ResolvedComponent& rc, size_t chart, const Json& patch) {
    if (chart < rc.charts.size()) rc.charts[chart].values.merge_patch(patch);
  }

  // Only this instance's own entries count (a namespace may share a Secret with an earlier
  // one); ExternalSecrets are custom resources whose CRD comes from outside this component.
  void RecordSecrets(ResolvedComponent& rc, std::vector<SecretNeed> needs) {
    bool has_secret = false;
    for (auto& need : needs) has_secret = compiled_->secrets.insert(std::move(need)).second || has_secret;
    const std::string skip = "SkipDryRunOnMissingResource=true";
    if (!stack_.secret_store.empty() && has_secret &&
        std::find(rc.sync_options.begin(), rc.sync_options.end(), skip) == rc.sync_options.end())
      rc.sync_options.push_back(skip);
  }

  // Fills `rc`'s chart values from the stdlib's templates; the Secrets it needs go to `needs`.
  void Wire(ResolvedComponent& rc, std::vector<SecretNeed>* needs, Diags& diags) {
    const Component& c = *rc.spec;
    const Json& kind = rc.kind();
    Location at = doc_.KeyAt(c.ptr);
    std::map<std::string, Json> vars = {{"self.name", c.name}, {"self.namespace", c.ns}, {"self.release", c.release},
                                        {"cluster.domain", c.cluster->cluster_domain}};
    // This instance's endpoints: the keys "<id>.<endpoint>" form one range of the sorted map.
    const std::string prefix = c.id + ".";
    for (auto it = compiled_->endpoints.lower_bound(prefix);
         it != compiled_->endpoints.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      const Endpoint& ep = it->second;
      vars["self." + ep.name + ".host"] = ep.host;
      vars["self." + ep.name + ".port"] = ep.port;
      vars["self." + ep.name + ".address"] = ep.Address();
      vars["self." + ep.name + ".url"] = ep.Url();
      vars["self." + ep.name + ".service"] = ep.service;
    }
    const std::string& cluster = c.cluster->name;
    auto need = [&](const std::string& secret, std::vector<std::string> keys, std::string purpose) {
      needs->push_back({c.ns, secret, c.id, std::move(keys), std::move(purpose), cluster});
    };

    // Secrets the user's values name.
    for (const auto& sec : c.secrets) need(sec.name, sec.keys, sec.purpose + ", for '" + c.name + "'");
    // Own credentials (MinIO root, Grafana admin): always from a Secret.
    if (kind.contains("credentials")) {
      const Json& spec = kind["credentials"];
      std::string secret = SecretName(rc, spec);
      std::vector<std::string> keys = SecretKeys(rc, spec);
      vars["credentials.secret"] = secret;
      for (size_t i = 0; i < keys.size(); ++i) vars["credentials.key" + std::to_string(i)] = keys[i];
      MergeInto(rc, spec.value("chart", 0), FillTemplate(spec["values"], vars, at, diags));
      need(secret, keys, spec.value("purpose", std::string("credentials")) + " of '" + c.name + "'");
    } else if (c.credentials && c.storage.empty()) {
      diags.Warning(doc_.KeyAt(c.credentials->ptr), "'credentials' has no effect on kind '" + c.kind + "' without 'storage'");
    }

    // S3 storage of a consumer.
    if (!c.storage.empty()) {
      const Json& spec = kind["storage"];
      const Endpoint* ep = &rc.storage_endpoint;  // in-cluster, exposed or external (resolve)
      std::string region = "us-east-1";
      auto comp = compiled_->components.find(rc.storage);
      if (comp != compiled_->components.end())
        region = comp->second.kind()["provides"]["storage"].value("region", region);
      else
        region = stack_.externals.at(rc.storage).region;
      std::string secret = c.credentials ? c.credentials->secret : spec.value("secret", std::string("s3-credentials"));
      std::vector<std::string> keys;
      for (const auto& k : spec["secretKeys"]) keys.push_back(k.get<std::string>());
      vars["storage.name"] = c.storage;
      vars["storage.endpoint"] = ep->Address();
      vars["storage.host"] = ep->host;
      vars["storage.port"] = ep->port;
      vars["storage.url"] = ep->Url();
      vars["storage.insecure"] = ep->scheme != "https";
      vars["storage.region"] = region;
      vars["storage.secret"] = secret;
      for (const auto& [role, bucket] : BucketsOf(rc)) vars["buckets." + role] = bucket;
      MergeInto(rc, spec.value("chart", 0), FillTemplate(spec["values"], vars, at, diags));
      std::string purpose = "S3 access key for '" + c.storage + "' used by '" + c.name + "'";
      if (comp != compiled_->components.end() && comp->second.kind()["provides"]["storage"].contains("user"))
        purpose = "S3 keys of the MinIO user '" + c.name + "' on '" + c.storage + "' (" + keys.front() + ": '" + c.name +
                  "'; " + keys.back() + ": the same value as Secret '" + UserSecret(comp->second, c.name) + "' in namespace '" +
                  comp->second.spec->ns + "')";
      need(secret, keys, purpose);
    }

    // A storage provider lists exactly the buckets its consumers use.
    if (kind.contains("provides")) {
      const Json& provides = kind["provides"]["storage"];
      Json list = Json::array();
      for (const auto& [bucket, owner] : Lookup(bucket_owner_, c.id)) {
        std::map<std::string, Json> bvars = vars;
        bvars["bucket.name"] = bucket;
        list.push_back(FillTemplate(provides["bucket"], bvars, at, diags));
      }
      Json patch = Json::object();
      patch[Json::json_pointer(provides["bucketsPath"].get<std::string>())] = list;
      MergeInto(rc, provides.value("chart", 0), patch);
      if (provides.contains("user")) WireUsers(rc, provides, vars, at, need, diags);
    }

    // Grafana datasources, with cross-links between the ones present.
    if (kind.contains("datasources") && !c.datasources.empty()) {
      std::map<std::string, std::string> uid_by_kind;
      for (const auto& [id, ep] : rc.datasources) {
        const Instance& t = stack_.components.at(id);
        uid_by_kind.emplace(t.kind, t.name);
      }
      Json list = Json::array();
      bool first_default = true;
      for (const auto& [id, ep] : rc.datasources) {
        const ResolvedComponent& t = compiled_->components.at(id);
        const Json& ds = t.kind()["datasource"];
        const std::string& target = t.spec->name;
        std::map<std::string, Json> dvars = vars;
        dvars["datasource.url"] = ep.Url();
        dvars["datasource.uid"] = target;
        dvars["datasource.name"] = target;
        Json entry = FillTemplate(ds["entry"], dvars, at, diags);
        if (ds.value("default", false) && first_default) {
          entry["isDefault"] = true;
          first_default = false;
        }
        const Json links = ds.value("links", Json::object());
        for (auto link = links.begin(); link != links.end(); ++link) {
          auto peer = uid_by_kind.find(link.key());
          if (peer == uid_by_kind.end()) continue;
          std::map<std::string, Json> lvars = dvars;
          lvars["peer.uid"] = peer->second;
          entry.merge_patch(FillTemplate(link.value(), lvars, at, diags));
        }
        list.push_back(entry);
      }
      Json file = {{"apiVersion", 1}, {"datasources", list}};
      Json patch = Json::object();
      patch[Json::json_pointer(kind["datasources"]["path"].get<std::string>())] = file;
      MergeInto(rc, 0, patch);
    }

    // Chart values naming the component's own endpoints (e.g. where instrumentation sends).
    const Json self_values = kind.value("selfValues", Json::object());
    for (auto& ci : rc.charts)
      if (self_values.contains(ci.name)) ci.values.merge_patch(FillTemplate(self_values[ci.name], vars, at, diags));

    if (kind.contains("collects")) WireTelemetry(rc, &vars, at, diags);

    // Extra manifests the kind brings (e.g. Pyroscope's eBPF profiling path), addresses
    // filled in; the eBPF ones only when the stack allows eBPF.
    const Json resources = kind.value("resources", Json::object());
    const Json ebpf = kind.value("ebpfResources", Json::array());
    for (auto it = resources.begin(); it != resources.end(); ++it)
      if (stack_.ebpf || std::find(ebpf.begin(), ebpf.end(), Json(it.key())) == ebpf.end())
        rc.extra_resources.emplace_back(it.key(), FillTemplate(it.value(), vars, at, diags));

    for (auto& ci : rc.charts) ci.values.merge_patch(ci.user_values);
  }

  // The Secret (in the provider's namespace) holding the secret key of `consumer`'s user.
  static std::string UserSecret(const ResolvedComponent& provider, const std::string& consumer) {
    return provider.spec->name + "-user-" + consumer;
  }

  // Least privilege on a storage provider: one user per consumer, with a policy naming exactly
  // its buckets, its secret key read from a Secret of its own.
  template <typename Need>
  void WireUsers(ResolvedComponent& rc, const Json& provides, const std::map<std::string, Json>& vars, const Location& at, Need& need,
                 Diags& diags) {
    Json users = Json::array(), policies = Json::array();
    std::vector<std::string> keys = provides["userSecretKeys"].get<std::vector<std::string>>();
    for (const auto& [consumer, buckets] : Lookup(consumers_, rc.spec->id)) {
      std::map<std::string, Json> uvars = vars;
      Json objects = Json::array(), arns = Json::array();
      for (const auto& b : buckets) {
        arns.push_back("arn:aws:s3:::" + b);
        objects.push_back("arn:aws:s3:::" + b + "/*");
      }
      uvars["consumer.name"] = consumer;
      uvars["consumer.secret"] = UserSecret(rc, consumer);
      uvars["consumer.buckets"] = arns;
      uvars["consumer.objects"] = objects;
      users.push_back(FillTemplate(provides["user"], uvars, at, diags));
      policies.push_back(FillTemplate(provides["policy"], uvars, at, diags));
      need(UserSecret(rc, consumer), keys, "secret key of the MinIO user '" + consumer + "' (read/write on its buckets only)");
    }
    Json patch = Json::object();
    patch[Json::json_pointer(provides["usersPath"].get<std::string>())] = users;
    patch[Json::json_pointer(provides["policiesPath"].get<std::string>())] = policies;
    MergeInto(rc, provides.value("chart", 0), patch);
  }

  // A collector's pipelines: per signal, one exporter for its target (resolve chose the
  // instance and the address), built from the target kind's `ingest` fact; filled into the
  // kind's `${telemetry.exporters|pipelines}`.
  void WireTelemetry(const ResolvedComponent& rc, std::map<std::string, Json>* vars, const Location& at, Diags& diags) {
    Json exporters = Json::object(), pipelines = Json::object();
    for (const auto& [signal, id, ep] : rc.telemetry) {
      const ResolvedComponent& target = compiled_->components.at(id);
      const Json& ingest = target.kind()["ingest"][signal];
      std::map<std::string, Json> tvars = *vars;
      tvars["target.address"] = ep.Address();
      tvars["target.url"] = ep.Url();
      std::string name = ingest["exporter"].get<std::string>() + "/" + target.spec->name;
      exporters[name] = FillTemplate(ingest["config"], tvars, at, diags);
      pipelines[signal] = {{"receivers", {"otlp"}}, {"processors", {"batch"}}, {"exporters", {name}}};
    }
    (*vars)["telemetry.exporters"] = exporters;
    (*vars)["telemetry.pipelines"] = pipelines;
  }

  const Stack& stack_;
  Compiled* compiled_;
  Diags& diags_;
  const Document& doc_;
  std::map<std::string, std::map<std::string, std::string>> bucket_owner_;  // provider -> bucket -> owner
  std::map<std::string, std::map<std::string, std::vector<std::string>>> consumers_;  // provider id -> consumer -> buckets
};

}  // namespace

bool WireValues(const Stack& stack, Compiled* compiled, Diags& diags) {
  return Wirer(stack, compiled, diags).Run();
}

}  // namespace kalypso
