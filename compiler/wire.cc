// Values composition. The stdlib says *where* each fact goes in a chart's values (templates
// with `${storage.endpoint}`, `${buckets.blocks}`, `${credentials.secret}`...); this stage
// supplies the facts and deep-merges in a fixed order, user values last.
#include "wire.h"

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

  bool Run() {
    for (auto& [name, rc] : compiled_->components) CollectBuckets(rc);
    if (diags_.HasErrors()) return false;
    for (auto& [name, rc] : compiled_->components) Wire(rc);
    return !diags_.HasErrors();
  }

 private:
  // Bucket names per consumer role: the kind's defaults, overridden by `buckets:`.
  std::map<std::string, std::string> BucketsOf(const ResolvedComponent& rc) const {
    std::map<std::string, std::string> out;
    const Json& defaults = rc.kind["storage"]["buckets"];
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
      if (!fresh) {
        std::string ptr = c.buckets.count(role) ? PointerAppend(c.ptr + "/buckets", role) : c.ptr + "/storage";
        diags_.Error(doc_.At(ptr), "bucket '" + bucket + "' of '" + c.id + "' (" + role + ") is already used by '" + it->second +
                                       ") on '" + rc.storage + "'; give one of them another name under 'buckets:'");
      }
    }
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

  void Wire(ResolvedComponent& rc) {
    const Component& c = *rc.spec;
    const Json& kind = rc.kind;
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
    bool has_secret = false;
    auto need = [&](const std::string& secret, std::vector<std::string> keys, std::string purpose) {
      // Only this instance's own entry counts (a namespace may share a Secret with an earlier one).
      if (compiled_->secrets.insert({c.ns, secret, c.id, std::move(keys), std::move(purpose), cluster}).second) has_secret = true;
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
      MergeInto(rc, spec.value("chart", 0), FillTemplate(spec["values"], vars, at, diags_));
      need(secret, keys, spec.value("purpose", std::string("credentials")) + " of '" + c.name + "'");
    } else if (c.credentials && c.storage.empty()) {
      diags_.Warning(doc_.KeyAt(c.credentials->ptr), "'credentials' has no effect on kind '" + c.kind + "' without 'storage'");
    }

    // S3 storage of a consumer.
    if (!c.storage.empty()) {
      const Json& spec = kind["storage"];
      const Endpoint* ep = &rc.storage_endpoint;  // in-cluster, exposed or external (resolve)
      std::string region = "us-east-1";
      auto comp = compiled_->components.find(rc.storage);
      if (comp != compiled_->components.end())
        region = comp->second.kind["provides"]["storage"].value("region", region);
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
      MergeInto(rc, spec.value("chart", 0), FillTemplate(spec["values"], vars, at, diags_));
      need(secret, keys, "S3 access key for '" + c.storage + "' used by '" + c.name + "'");
    }

    // A storage provider lists exactly the buckets its consumers use.
    if (kind.contains("provides")) {
      const Json& provides = kind["provides"]["storage"];
      Json list = Json::array();
      for (const auto& [bucket, owner] : bucket_owner_[c.id]) {
        std::map<std::string, Json> bvars = vars;
        bvars["bucket.name"] = bucket;
        list.push_back(FillTemplate(provides["bucket"], bvars, at, diags_));
      }
      Json patch = Json::object();
      patch[Json::json_pointer(provides["bucketsPath"].get<std::string>())] = list;
      MergeInto(rc, provides.value("chart", 0), patch);
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
        const Json& ds = t.kind["datasource"];
        const std::string& target = t.spec->name;
        std::map<std::string, Json> dvars = vars;
        dvars["datasource.url"] = ep.Url();
        dvars["datasource.uid"] = target;
        dvars["datasource.name"] = target;
        Json entry = FillTemplate(ds["entry"], dvars, at, diags_);
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
          entry.merge_patch(FillTemplate(link.value(), lvars, at, diags_));
        }
        list.push_back(entry);
      }
      Json file = {{"apiVersion", 1}, {"datasources", list}};
      Json patch = Json::object();
      patch[Json::json_pointer(kind["datasources"]["path"].get<std::string>())] = file;
      MergeInto(rc, 0, patch);
    }

    // Extra manifests the kind brings (e.g. Pyroscope's eBPF profiling path), addresses filled in.
    const Json resources = kind.value("resources", Json::object());
    for (auto it = resources.begin(); it != resources.end(); ++it)
      rc.extra_resources.emplace_back(it.key(), FillTemplate(it.value(), vars, at, diags_));

    for (auto& ci : rc.charts) ci.values.merge_patch(ci.user_values);

    // ExternalSecrets are custom resources whose CRD comes from outside this component.
    const std::string skip = "SkipDryRunOnMissingResource=true";
    if (!stack_.secret_store.empty() && has_secret &&
        std::find(rc.sync_options.begin(), rc.sync_options.end(), skip) == rc.sync_options.end())
      rc.sync_options.push_back(skip);
  }

  const Stack& stack_;
  Compiled* compiled_;
  Diags& diags_;
  const Document& doc_;
  std::map<std::string, std::map<std::string, std::string>> bucket_owner_;  // provider -> bucket -> owner
};

}  // namespace

bool WireValues(const Stack& stack, Compiled* compiled, Diags& diags) {
  return Wirer(stack, compiled, diags).Run();
}

}  // namespace kalypso
