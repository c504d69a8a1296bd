// Name resolution: kinds against the stdlib, references against components, externals and
// their endpoints, each unknown name reported where it is written with the closest valid
// name. Endpoint addresses come from the Service names naming.cc derives from the stdlib.
#include "resolve.h"

#include "naming.h"
#include "parallel.h"
#include "reach.h"

namespace kalypso {

namespace {

const char* kParts[] = {"host", "port", "url", "address", "scheme", "path"};

std::vector<std::string> Keys(const Json& o) {
  std::vector<std::string> out;
  if (o.is_object())
    for (auto it = o.begin(); it != o.end(); ++it) out.push_back(it.key());
  return out;
}

template <typename M>
std::vector<std::string> MapKeys(const M& m) {
  std::vector<std::string> out;
  for (const auto& kv : m) out.push_back(kv.first);
  return out;
}

std::string SubstituteString(const std::string& s, const std::string& ptr, const RefLookup& lookup,
                             Json* typed) {
  std::string out;
  size_t refs = 0;
  bool only_ref = false;
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
      continue;
    }
    if (s.compare(i, 2, "${") == 0) {
      size_t close = s.find('}', i + 2);
      if (close != std::string::npos) {
        std::string expr = s.substr(i + 2, close - i - 2);
        if (expr.find('.') != std::string::npos) {
          std::optional<Json> v = lookup(expr, ptr);
          ++refs;
          if (v) {
            if (i == 0 && close + 1 == s.size()) {
              only_ref = true;
              *typed = *v;
            }
            out += v->is_string() ? v->get<std::string>() : v->dump();
          }
          i = close + 1;
          continue;
        }
      }
    }
    out += s[i++];
  }
  if (!only_ref) *typed = out;
  return out;
}

}  // namespace

Json SubstituteRefs(const Json& value, const std::string& ptr, const RefLookup& lookup) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (s.find("${") == std::string::npos) return value;
    Json typed;
    SubstituteString(s, ptr, lookup, &typed);
    return typed;
  }
  if (value.is_object()) {
    Json out = Json::object();
    for (auto it = value.begin(); it != value.end(); ++it)
      out[it.key()] = SubstituteRefs(it.value(), PointerAppend(ptr, it.key()), lookup);
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (size_t i = 0; i < value.size(); ++i) out.push_back(SubstituteRefs(value[i], PointerAppend(ptr, i), lookup));
    return out;
  }
  return value;
}

std::optional<Json> EndpointPart(const Endpoint& e, const std::string& part) {
  if (part.empty() || part == "address") return Json(e.Address());
  if (part == "host") return Json(e.host);
  if (part == "port") return Json(e.port);
  if (part == "url") return Json(e.Url());
  if (part == "scheme") return Json(e.scheme);
  if (part == "path") return Json(e.path);
  return std::nullopt;
}

namespace {

class Resolver {
 public:
  Resolver(const Stack& stack, const Catalog& catalog, Compiled* out, Diags& diags)
      : stack_(stack), catalog_(catalog), out_(out), diags_(diags), doc_(*stack.doc), reach_(stack, out, diags) {}

  bool Run() {
    // A component of an unknown kind is reported once and then left out, so the other
    // components are still checked (every error of the run) without follow-on noise.
    for (const auto& [name, c] : stack_.components) {
      int before = diags_.ErrorCount();
      CheckKind(c);
      if (diags_.ErrorCount() > before) broken_.insert(name);
    }
    // Naming and then resolving each instance reads only what earlier phases computed: both
    // run on every core, in chunks; the diagnostics are then appended in instance order, as
    // one thread would have reported them (fleet instances share lines: reported once).
    std::vector<const Component*> todo;
    for (const auto& [name, c] : stack_.components)
      if (!broken_.count(name)) todo.push_back(&c), instances_[name];
    std::vector<Diags> naming(todo.size());
    ParallelChunks(todo.size(), 64, [&](size_t i) {
      const Component& c = *todo[i];
      instances_.find(c.id)->second = NameInstance(catalog_.kinds[c.kind], c, doc_, naming[i]);
    });
    for (size_t i = 0; i < todo.size(); ++i) {
      int before = diags_.ErrorCount();
      diags_.Append(naming[i]);
      if (diags_.ErrorCount() == before) continue;
      broken_.insert(todo[i]->id);
      broken_components_.insert(todo[i]->name);  // its other instances are left out quietly
    }
    ComputeEndpoints();
    todo.erase(std::remove_if(todo.begin(), todo.end(), [&](const Component* c) { return broken_.count(c->id) > 0; }),
               todo.end());
    for (const Component* c : todo) out_->components[c->id];
    std::vector<Diags> resolving(todo.size());
    ParallelChunks(todo.size(), 64, [&](size_t i) { ResolveComponent(*todo[i], resolving[i]); });
    for (const auto& d : resolving) diags_.Append(d);
    return !diags_.HasErrors();
  }

 private:
  void CheckKind(const Component& c) {
    const auto& names = catalog_.kind_names;
    if (std::find(names.begin(), names.end(), c.kind) == names.end()) {
      diags_.Error(doc_.At(c.ptr + "/kind"), "unknown component kind '" + c.kind + "'" + DidYouMean(c.kind, names));
      return;
    }
    if (c.kind == "helm") {
      for (const char* field : {"name", "repo", "version"}) {
        std::string v = field == std::string("name") ? c.chart.name : field == std::string("repo") ? c.chart.repo : c.chart.version;
        if (v.empty())
          diags_.Error(doc_.At(c.chart.ptr.empty() ? c.ptr : c.chart.ptr),
                       "component '" + c.name + "' of kind 'helm' needs 'chart." + field + "'");
      }
      for (const auto& [ep, spec] : c.exports)
        if (spec.service.empty())
          diags_.Error(doc_.At(spec.ptr), "export '" + ep + "' of '" + c.name + "' needs 'service' (e.g. '{fullname}')");
    } else if (!c.exports.empty()) {
      diags_.Error(doc_.KeyAt(c.ptr + "/exports"), "'exports' is only for kind 'helm'; kind '" + c.kind + "' exports its endpoints itself");
    }
    const Json& kind = catalog_.kinds[c.kind];
    std::vector<std::string> chart_names;
    for (const auto& ch : kind["charts"]) chart_names.push_back(ch["name"].get<std::string>());
    for (const auto& [chart, ov] : c.charts)
      if (std::find(chart_names.begin(), chart_names.end(), chart) == chart_names.end())
        diags_.Error(doc_.KeyAt(ov.ptr), "kind '" + c.kind + "' has no chart '" + chart + "'" + DidYouMean(chart, chart_names));
  }

  void ComputeEndpoints() {
    for (const auto& [name, c] : stack_.components) {
      if (broken_.count(name)) continue;
      const Json& inst = instances_.at(name);
      for (auto it = inst["exports"].begin(); it != inst["exports"].end(); ++it) {
        const Json& e = it.value();
        Endpoint ep;
        ep.component = name;
        ep.name = it.key();
        ep.service = e["service"].get<std::string>();
        ep.ns = c.ns;
        ep.host = ep.service + "." + c.ns + ".svc." + c.cluster->cluster_domain;
        ep.port = e["port"].get<int>();
        ep.scheme = e.value("scheme", std::string("http"));
        ep.path = e.value("path", std::string(""));
        out_->endpoints[name + "." + ep.name] = ep;
      }
      reach_.Expose(c);
    }
    for (const auto& [name, x] : stack_.externals) {
      for (const auto& [epname, spec] : x.endpoints) {
        Endpoint ep;
        ep.component = name;
        ep.name = epname;
        ep.host = spec.host.empty() ? spec.service : spec.host;
        ep.port = spec.port;
        ep.scheme = spec.scheme;
        ep.path = spec.path;
        ep.external = true;
        out_->endpoints[name + "." + epname] = ep;
      }
    }
  }


  // Records that `from` depends on `to` because of what is written at `ptr`.
  void AddDep(ResolvedComponent& rc, const std::string& to, const std::string& ptr, Diags& d) {
    auto target = stack_.components.find(to);
    if (target == stack_.components.end() || to == rc.spec->id) return;
    int from_ring = rc.spec->cluster->ring, to_ring = target->second.cluster->ring;
    if (to_ring > from_ring) {
      d.Error(doc_.At(ptr), "'" + rc.spec->id + "' depends on '" + to + "' in a later ring: environment '" +
                                     target->second.cluster->environment + "' rolls out after '" + rc.spec->cluster->environment +
                                     "'; depend on an instance in the same or an earlier environment");
      return;
    }
    rc.deps.insert(to);
    rc.dep_reason.emplace(to, ptr);
  }

  std::optional<Json> LookupRef(ResolvedComponent& rc, const std::string& expr, const std::string& ptr, Diags& d,
                                Reacher& reach) {
    Location loc = doc_.At(ptr);
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
      size_t dot = expr.find('.', start);
      parts.push_back(expr.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (parts.size() > 3 || parts[0].empty() || parts[1].empty()) {
      d.Error(loc, "invalid reference '${" + expr + "}': expected '${component.endpoint}' or '${component.endpoint.host|port|url}'");
      return std::nullopt;
    }
    std::string written = parts[0];
    std::string component = written.substr(written.find('/') + 1);
    if (broken_components_.count(component)) return std::nullopt;
    parts[0] = reach.Target(*rc.spec, written, loc, "reference '${" + expr + "}'", expr.substr(written.size()));
    if (parts[0].empty()) return std::nullopt;
    auto it = out_->endpoints.find(parts[0] + "." + parts[1]);
    if (it == out_->endpoints.end()) {
      std::vector<std::string> names = reach.EndpointNames(parts[0]);
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      std::string hint = DidYouMean(parts[1], names);
      if (hint.empty()) hint = list.empty() ? " ('" + parts[0] + "' exports no endpoints)" : " (it exports: " + list + ")";
      d.Error(loc, "unknown endpoint '" + parts[1] + "' of '" + component + "'" + hint);
      return std::nullopt;
    }
    const Endpoint* ep = reach.Address(*rc.spec, parts[0], parts[1], loc);
    if (!ep) return std::nullopt;
    AddDep(rc, parts[0], ptr, d);
    std::string part = parts.size() == 3 ? parts[2] : "";
    std::optional<Json> v = EndpointPart(*ep, part);
    if (!v) {
      std::vector<std::string> names(std::begin(kParts), std::end(kParts));
      d.Error(loc, "unknown endpoint part '" + part + "' in '${" + expr + "}'" + DidYouMean(part, names) +
                            "; use host, port, url or address");
    }
    return v;
  }

  // Resolves one instance into its entry of out_->components (which exists); diagnostics
  // go to `d`. Reads only what earlier phases computed: instances resolve on any thread.
  void ResolveComponent(const Component& c, Diags& d) {
    Reacher reach(stack_, out_, d);
    ResolvedComponent& rc = out_->components.find(c.id)->second;
    rc.spec = &c;
    rc.kind_def = &catalog_.kinds[c.kind];
    const Json& kind = rc.kind();
    const Json& inst = instances_.at(c.id);
    RefLookup lookup = [&](const std::string& expr, const std::string& ptr) { return LookupRef(rc, expr, ptr, d, reach); };

    // Charts: stdlib coordinates, then the user's overrides.
    const Json& kcharts = kind["charts"];
    for (size_t i = 0; i < kcharts.size(); ++i) {
      const Json& kc = kcharts[i];
      const Json& ic = inst["charts"][i];
      std::string name = kc["name"].get<std::string>();
      const ChartOverride* ov = nullptr;
      if (i == 0 && !c.chart.ptr.empty()) ov = &c.chart;
      auto per = c.charts.find(name);
      if (per != c.charts.end()) ov = &per->second;
      bool enabled = !kc.value("optional", false);
      if (ov && ov->enabled) enabled = *ov->enabled;
      if (kc.value("ebpf", false) && !stack_.ebpf) enabled = false;  // `ebpf: false` drops eBPF charts
      if (!enabled) continue;
      ChartInstance ci;
      ci.name = kc["name"].get<std::string>();
      ci.repo = kc["repo"].get<std::string>();
      ci.version = kc["version"].get<std::string>();
      ci.release = ic["release"].get<std::string>();
      ci.fullname = ic.value("fullname", std::string());
      if (ov) {
        if (!ov->name.empty() && c.kind == "helm") ci.name = ov->name;
        if (!ov->repo.empty()) ci.repo = ov->repo;
        if (!ov->version.empty()) ci.version = ov->version;
        if (!ov->release.empty()) ci.release = ov->release;
      }
      // The skeleton, then the stack's sizing profile and what its ArgoCD ordering needs.
      ci.values = kc.value("values", Json::object());
      MergeLayer(kind, "profiles", stack_.profile, name, &ci.values);
      MergeLayer(kind, "orderingValues", stack_.ordering, name, &ci.values);
      // User values: the component's `values` (and `chart.values`) go to the main chart,
      // `charts.<name>.values` to that chart; render merges them last.
      ci.user_values = Json::object();
      if (i == 0) {
        ci.user_values = SubstituteRefs(c.values, c.ptr + "/values", lookup);
        ci.user_ptr = c.ptr + "/values";
        if (!c.chart.ptr.empty() && c.chart.values)
          ci.user_values.merge_patch(SubstituteRefs(*c.chart.values, c.chart.ptr + "/values", lookup));
      }
      if (per != c.charts.end() && per->second.values) {
        ci.user_values.merge_patch(SubstituteRefs(*per->second.values, per->second.ptr + "/values", lookup));
        if (i != 0) ci.user_ptr = per->second.ptr + "/values";
      }
      rc.charts.push_back(std::move(ci));
    }
    std::set<std::string> release_names;
    for (const auto& ci : rc.charts)
      if (!release_names.insert(ci.release).second)
        d.Error(doc_.KeyAt(c.ptr), "two charts of '" + c.name + "' share the release name '" + ci.release + "'");

    for (size_t i = 0; i < c.needs.size(); ++i) {
      std::string ptr = PointerAppend(c.ptr + "/needs", i);
      if (c.needs[i] == c.name) {
        d.Error(doc_.At(ptr), "'" + c.name + "' needs itself; remove it from 'needs'");
        continue;
      }
      std::string target = reach.Target(c, c.needs[i], doc_.At(ptr), "'needs'");
      if (!target.empty()) AddDep(rc, target, ptr, d);
    }
    if (!c.storage.empty()) ResolveStorage(rc, c, d, reach);
    else if (!c.buckets.empty())
      d.Warning(doc_.KeyAt(c.ptr + "/buckets"), "'buckets' has no effect without 'storage'");
    for (size_t i = 0; i < c.datasources.size(); ++i) {
      std::string ptr = PointerAppend(c.ptr + "/datasources", i);
      const std::string& target = c.datasources[i];
      if (!kind.contains("datasources")) {
        d.Error(doc_.KeyAt(c.ptr + "/datasources"), "kind '" + c.kind + "' takes no 'datasources' (only grafana does)");
        break;
      }
      std::string id = reach.Target(c, target, doc_.At(ptr), "datasource");
      if (id.empty() || broken_.count(id)) continue;
      auto t = stack_.components.find(id);
      if (t == stack_.components.end() || !catalog_.kinds[t->second.kind].contains("datasource")) {
        d.Error(doc_.At(ptr), "'" + target + "' cannot be a Grafana datasource (its kind defines none)");
        continue;
      }
      const Endpoint* ep = reach.Address(c, id, catalog_.kinds[t->second.kind]["datasource"]["endpoint"].get<std::string>(), doc_.At(ptr));
      if (!ep) continue;
      rc.datasources.emplace_back(id, *ep);
      AddDep(rc, id, ptr, d);
    }
    ResolveTelemetry(rc, c, d, reach);
    // Inline resources may use references like values (e.g. an app's connection settings).
    for (size_t i = 0; i < c.resources.size(); ++i)
      rc.resources.push_back(c.resources[i].is_object() ? SubstituteRefs(c.resources[i], PointerAppend(c.ptr + "/resources", i), lookup)
                                                        : c.resources[i]);
    for (const auto& opt : kind.value("syncOptions", Json::array())) rc.sync_options.push_back(opt.get<std::string>());
    for (const auto& opt : c.sync_options)
      if (std::find(rc.sync_options.begin(), rc.sync_options.end(), opt) == rc.sync_options.end()) rc.sync_options.push_back(opt);
  }

  // `kind[layers][key][chart]` (a stdlib fact chosen by a stack-wide setting) merged into values.
  static void MergeLayer(const Json& kind, const char* layers, const std::string& key, const std::string& chart, Json* values) {
    auto l = kind.find(layers);
    if (l == kind.end() || !l->contains(key) || !(*l)[key].contains(chart)) return;
    values->merge_patch((*l)[key][chart]);
  }

  // `telemetry: {signal: target}`: the kind must be a collector and each target's kind must
  // ingest that signal (stdlib `ingest`); every target is a dependency.
  void ResolveTelemetry(ResolvedComponent& rc, const Component& c, Diags& d, Reacher& reach) {
    const Json collects = rc.kind().value("collects", Json::array());
    if (c.telemetry.empty()) {
      if (!collects.empty())
        d.Error(doc_.KeyAt(c.ptr), "component '" + c.name + "' of kind '" + c.kind +
                                            "' needs 'telemetry' naming where its signals go (e.g. 'telemetry: {traces: tempo}')");
      return;
    }
    if (collects.empty()) {
      d.Error(doc_.KeyAt(c.ptr + "/telemetry"), "kind '" + c.kind + "' collects no telemetry; 'telemetry' is for kind 'telemetry'");
      return;
    }
    for (const auto& [signal, target] : c.telemetry) {
      std::string ptr = PointerAppend(c.ptr + "/telemetry", signal);
      std::string id = reach.Target(c, target, doc_.At(ptr), "telemetry");
      if (id.empty() || broken_.count(id)) continue;
      auto t = stack_.components.find(id);
      if (t == stack_.components.end() || !catalog_.kinds[t->second.kind].value("ingest", Json::object()).contains(signal)) {
        std::string kind = t == stack_.components.end() ? "an external" : "kind '" + t->second.kind + "'";
        d.Error(doc_.At(ptr), "'" + target + "' (" + kind + ") does not ingest " + signal);
        continue;
      }
      const Json& ingest = catalog_.kinds[t->second.kind]["ingest"][signal];
      const Endpoint* ep = reach.Address(c, id, ingest["endpoint"].get<std::string>(), doc_.At(ptr));
      if (!ep) continue;
      rc.telemetry.emplace_back(signal, id, *ep);
      AddDep(rc, id, ptr, d);
    }
  }

  void ResolveStorage(ResolvedComponent& rc, const Component& c, Diags& d, Reacher& reach) {
    std::string ptr = c.ptr + "/storage";
    Location loc = doc_.At(ptr);
    if (!rc.kind().contains("storage")) {
      d.Error(doc_.KeyAt(ptr), "kind '" + c.kind + "' does not use object storage; remove 'storage'");
      return;
    }
    std::string id = reach.Target(c, c.storage, loc, "storage");
    if (id.empty() || broken_.count(id)) return;
    auto comp = stack_.components.find(id);
    if (comp != stack_.components.end()) {
      const Json& kind = catalog_.kinds[comp->second.kind];
      if (!kind.contains("provides")) {
        d.Error(loc, "'" + c.storage + "' (kind '" + comp->second.kind + "') provides no S3 storage; name a minio component or an s3 external");
        return;
      }
      const Endpoint* ep = reach.Address(c, id, kind["provides"]["storage"]["endpoint"].get<std::string>(), loc);
      if (!ep) return;
      rc.storage = id;
      rc.storage_endpoint = *ep;
      AddDep(rc, id, ptr, d);
    } else {
      const External& x = stack_.externals.at(id);
      if (x.kind != "s3") {
        d.Error(loc, "external '" + c.storage + "' is of kind '" + x.kind + "'; storage needs an external of kind 's3'");
        return;
      }
      if (!x.endpoints.count("s3")) {
        d.Error(loc, "external '" + c.storage + "' needs an endpoint named 's3'" + DidYouMean("s3", MapKeys(x.endpoints)));
        return;
      }
      rc.storage = id;
      rc.storage_endpoint = out_->endpoints.at(id + ".s3");
    }
    std::vector<std::string> roles = Keys(rc.kind()["storage"]["buckets"]);
    for (const auto& [role, bucket] : c.buckets)
      if (!rc.kind()["storage"]["buckets"].contains(role))
        d.Error(doc_.KeyAt(PointerAppend(c.ptr + "/buckets", role)),
                     "kind '" + c.kind + "' has no bucket role '" + role + "'" + DidYouMean(role, roles));
  }

  const Stack& stack_;
  const Catalog& catalog_;
  Compiled* out_;
  Diags& diags_;
  const Document& doc_;
  std::set<std::string> broken_;  ///< instances whose kind is unknown
  std::set<std::string> broken_components_;  ///< their component names
  std::map<std::string, Json> instances_;  ///< component -> naming result (charts, exports)
  Reacher reach_;
};

}  // namespace

bool Resolve(const Stack& stack, const Catalog& catalog, Compiled* out, Diags& diags) {
  return Resolver(stack, catalog, out, diags).Run();
}

}  // namespace kalypso
