// verify, the proofs on the rendered objects. An index of what was rendered (Services,
// Secrets, ConfigMaps by namespace) is built once; each check walks it and the compilation.
#include "verify_checks.h"

#include <cstdint>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "naming.h"
#include "report.h"

namespace kalypso {

bool Finding::operator<(const Finding& o) const {
  return std::tie(component, object, subject, message) < std::tie(o.component, o.object, o.subject, o.message);
}

StdlibFacts::StdlibFacts(std::string stdlib_dir) : dir_(std::move(stdlib_dir)) {
  // Shown relative to the working directory when inside it (stdlib/minio.libsonnet:44).
  std::string cwd = AbsolutePath("."), abs = AbsolutePath(dir_);
  if (abs.compare(0, cwd.size() + 1, cwd + "/") == 0) dir_ = abs.substr(cwd.size() + 1);
  std::ifstream in(JoinPath(dir_, "kalypso.libsonnet"));
  std::string line;
  static const std::regex kImport(R"re(^\s*'?([a-z0-9-]+)'?\s*:\s*import\s+'([^']+)')re");
  std::smatch m;
  while (std::getline(in, line))
    if (std::regex_search(line, m, kImport)) files_[m[1]] = m[2];
}

std::string StdlibFacts::Line(const std::string& kind, const std::string& section, const std::string& key) const {
  auto f = files_.find(kind);
  if (f == files_.end()) return JoinPath(dir_, "kalypso.libsonnet");
  std::string path = JoinPath(dir_, f->second);
  std::ifstream in(path);
  std::string line;
  int n = 0, section_line = 0;
  while (std::getline(in, line)) {
    ++n;
    size_t code = line.find_first_not_of(' ');
    if (code != std::string::npos && line.compare(code, 2, "//") == 0) continue;  // facts, not comments
    if (!section_line && line.find(section) != std::string::npos) {
      section_line = n;
      if (key.empty() || line.find(key, line.find(section) + section.size()) != std::string::npos) return path + ":" + std::to_string(n);
    } else if (section_line && line.find(key) != std::string::npos) {
      return path + ":" + std::to_string(n);
    }
  }
  return section_line ? path + ":" + std::to_string(section_line) : path;
}

std::vector<const Json*> PodSpecs(const Json& o) {
  // An Argo Rollout (argoproj.io/v1alpha1) carries its pods in spec.template like a Deployment.
  static const std::set<std::string> kTemplated = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "Rollout"};
  std::string kind = o.value("kind", "");
  std::vector<const Json*> out;
  const Json* spec = nullptr;
  Json::json_pointer p = kTemplated.count(kind) ? Json::json_pointer("/spec/template/spec")
                         : kind == "CronJob"    ? Json::json_pointer("/spec/jobTemplate/spec/template/spec")
                         : kind == "Pod"        ? Json::json_pointer("/spec")
                                                : Json::json_pointer();
  if (!p.empty() && o.contains(p) && (spec = &o.at(p))->is_object()) out.push_back(spec);
  return out;
}

std::string NamespaceOf(const Json& o, const std::string& fallback) {
  const Json& md = o.value("metadata", Json::object());
  std::string ns = md.is_object() ? md.value("namespace", "") : "";
  return ns.empty() ? fallback : ns;
}

std::string ObjectName(const Json& o) {
  const Json& md = o.value("metadata", Json::object());
  return o.value("kind", "?") + "/" + (md.is_object() ? md.value("name", "?") : "?");
}

namespace {

using NsName = std::pair<std::string, std::string>;
using KeyValues = std::map<std::string, std::string>;

std::string Base64Decode(const std::string& in) {
  static const std::string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t val = 0;  // only the low 14 bits are ever pending: keep 24, unsigned (no overflow)
  int bits = -8;
  for (char c : in) {
    size_t d = chars.find(c);
    if (d == std::string::npos) continue;
    val = ((val << 6) | static_cast<uint32_t>(d)) & 0xFFFFFFu;
    if ((bits += 6) >= 0) {
      out += static_cast<char>((val >> bits) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out.empty() ? "none" : out;
}

std::string RegexEscape(const std::string& text) {
  static const std::regex kSpecial(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(text, kSpecial, R"(\$&)");
}

std::string Str(const Json& v, const char* key) {
  return v.is_object() && v.contains(key) && v[key].is_string() ? v[key].get<std::string>() : "";
}

// Every string value below `v` (keys excluded), with `fn(value)`.
template <typename Fn>
void Strings(const Json& v, Fn&& fn) {
  if (v.is_string()) fn(v.get<std::string>());
  else if (v.is_structured())
    for (const auto& item : v) Strings(item, fn);
}

// What was rendered, by namespace, over every component.
struct Index {
  std::map<NsName, std::set<std::string>> service_ports;
  std::map<NsName, KeyValues> secrets, configmaps;
  std::map<NsName, KeyValues> issued;  ///< Secrets of rendered cert-manager Certificates
  std::set<std::string> namespaces;  ///< the stack's namespaces (rendered ones)
  Index(const Compiled& c, const RenderedObjects& objects) {
    // Only namespaces whose every component was rendered: the others' Services are unknown.
    std::set<std::string> unrendered;
    for (const auto& [name, rc] : c.components) (objects.count(name) ? namespaces : unrendered).insert(rc.spec->ns);
    for (const auto& ns : unrendered) namespaces.erase(ns);
    for (const auto& [comp, list] : objects) {
      const std::string& fallback = c.components.at(comp).spec->ns;
      for (const auto& o : list) {
        std::string kind = o.value("kind", ""), ns = NamespaceOf(o, fallback);
        std::string name = Str(o.value("metadata", Json::object()), "name");
        if (kind == "Service") {
          auto& ports = service_ports[{ns, name}];
          for (const auto& p : o.value("spec", Json::object()).value("ports", Json::array())) ports.insert(Str(p, "port"));
        } else if (kind == "Certificate" && o.value("apiVersion", "").rfind("cert-manager.io/", 0) == 0) {
          // cert-manager writes the Secret of a Certificate at run time (tls.crt, tls.key, ca.crt).
          KeyValues& kv = issued[{ns, Str(o.value("spec", Json::object()), "secretName")}];
          kv = {{"tls.crt", ""}, {"tls.key", ""}, {"ca.crt", ""}};
        } else if (kind == "Secret" || kind == "ConfigMap") {
          KeyValues& kv = (kind == "Secret" ? secrets : configmaps)[{ns, name}];
          const Json data = o.value("data", Json::object()), string_data = o.value("stringData", Json::object());
          for (const auto& [k, v] : data.items())
            kv[k] = kind == "Secret" && v.is_string() ? Base64Decode(v.get<std::string>()) : v.is_string() ? v.get<std::string>() : "";
          for (const auto& [k, v] : string_data.items()) kv[k] = v.is_string() ? v.get<std::string>() : "";
        }
      }
    }
  }
};

// A Secret a chart creates at run time (the kind's `runtimeSecrets`), its name expanded.
struct RuntimeSecret {
  std::string name;
  std::set<std::string> keys;  ///< empty: any key
};

// "{release}", "{fullname}", "{subchart:NAME}" of one chart instance.
std::string ExpandName(std::string tmpl, const ChartInstance& ci) {
  auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t at; (at = tmpl.find(from)) != std::string::npos;) tmpl.replace(at, from.size(), to);
  };
  replace("{release}", ci.release);
  replace("{fullname}", ci.fullname);
  for (size_t at; (at = tmpl.find("{subchart:")) != std::string::npos;) {
    size_t end = tmpl.find('}', at);
    if (end == std::string::npos) break;
    std::string sub = tmpl.substr(at + 10, end - at - 10);
    tmpl.replace(at, end + 1 - at, HelmFullname(sub, ci.release, Json::object()));
  }
  return tmpl;
}

const ChartInstance* ChartOf(const ResolvedComponent& rc, const Json& fact) {
  std::string want = Str(fact, "chart");
  for (const auto& ci : rc.charts)
    if (want.empty() || ci.name == want) return &ci;
  return nullptr;
}

std::vector<RuntimeSecret> RuntimeSecrets(const ResolvedComponent& rc) {
  std::vector<RuntimeSecret> out;
  for (const auto& f : rc.kind().value("runtimeSecrets", Json::array())) {
    const ChartInstance* ci = ChartOf(rc, f);
    if (!ci) continue;
    RuntimeSecret s{ExpandName(Str(f, "name"), *ci), {}};
    for (const auto& k : f.value("keys", Json::array())) s.keys.insert(k.get<std::string>());
    out.push_back(s);
  }
  return out;
}

std::string At(const Document& doc, const std::string& ptr) {
  Location l = doc.At(ptr);
  return l.file + ":" + std::to_string(l.line);
}

// The state every check shares: the compilation, the rendered objects and their index, the
// Secrets read so far, the findings; and where each kind of fact came from.
class Proof {
 public:
  /// `cv`: the part of the compilation on one cluster; `objects`: its rendered instances.
  Proof(const Compilation& c, const Compiled& cv, const Cluster& cluster, const RenderedObjects& objects, const StdlibFacts& facts)
      : c_(c), cv_(cv), cluster_(cluster), objects_(objects), facts_(facts), index_(cv, objects) {}

 protected:
  void Add(const std::string& comp, const std::string& object, const std::string& subject, const std::string& message,
           const std::string& source) {
    findings_.push_back({comp, object, subject, message, source});
  }

  std::string EndpointSource(const Endpoint& ep) const {
    const ResolvedComponent& rc = cv_.components.at(ep.component);
    auto spec = rc.spec->exports.find(ep.name);
    if (spec != rc.spec->exports.end() && !spec->second.ptr.empty()) return At(*c_.stack.doc, spec->second.ptr);
    return facts_.Line(rc.spec->kind, "exports:", ep.name + ":");
  }

  std::string ServicesIn(const std::string& ns) const {
    std::set<std::string> names;
    for (const auto& [k, ports] : index_.service_ports)
      if (k.first == ns) names.insert(k.second);
    return Join(names);
  }

  // Which listed or run-time Secret holds (ns, name); keys empty when any key is fine.
  bool Known(const ResolvedComponent& rc, const std::string& ns, const std::string& name, std::set<std::string>* keys,
             std::string* source) const {
    auto r = index_.secrets.find({ns, name});
    if (r != index_.secrets.end()) {
      for (const auto& [k, v] : r->second) keys->insert(k);
      *source = "rendered Secret";
      return true;
    }
    auto cert = index_.issued.find({ns, name});
    if (cert != index_.issued.end()) {
      for (const auto& [k, v] : cert->second) keys->insert(k);
      *source = "rendered cert-manager Certificate";
      return true;
    }
    for (const auto& need : cv_.secrets)
      if (need.ns == ns && need.name == name) {
        keys->insert(need.keys.begin(), need.keys.end());
        *source = SecretSource(need);
        return true;
      }
    for (const auto& [cname, other] : cv_.components) {
      if (other.spec->ns != ns) continue;
      for (const auto& s : RuntimeSecrets(other))
        if (s.name == name) {
          if (s.keys.empty()) keys->insert("*");
          keys->insert(s.keys.begin(), s.keys.end());
          *source = facts_.Line(other.spec->kind, "runtimeSecrets", "");
          return true;
        }
    }
    *source = facts_.Line(rc.spec->kind, "runtimeSecrets", "");
    return false;
  }

  std::string SecretSource(const SecretNeed& need) const {
    const ResolvedComponent& rc = cv_.components.at(need.component);
    const Component& spec = *rc.spec;
    if (spec.credentials && spec.credentials->secret == need.name && rc.kind().contains("credentials"))
      return facts_.Line(spec.kind, "credentials:", "keys:");
    if (rc.kind().contains("storage")) return facts_.Line(spec.kind, "storage:", "secretKeys");
    return At(*c_.stack.doc, spec.ptr + "/secrets");
  }

  const Compilation& c_;
  const Compiled& cv_;  ///< what is on this cluster: its instances, endpoints, Secrets
  const Cluster& cluster_;
  const RenderedObjects& objects_;
  const StdlibFacts& facts_;
  Index index_;
  std::map<NsName, std::set<std::string>> reads_;
  std::vector<Finding> findings_;
};

// Endpoints and in-stack addresses against the rendered Services.
class ServiceChecks : public Proof {
 protected:
  using Proof::Proof;

  // Every endpoint names a rendered Service in its namespace with its port.
  void CheckEndpoints() {
    for (const auto& [key, ep] : cv_.endpoints) {
      if (ep.external || !objects_.count(ep.component)) continue;
      std::string port = std::to_string(ep.port), object = "Service/" + ep.service;
      auto svc = index_.service_ports.find({ep.ns, ep.service});
      if (svc == index_.service_ports.end()) {
        Add(ep.component, object, ep.Address(), "endpoint '" + ep.name + "' names Service '" + ep.service + "' in namespace '" + ep.ns +
            "', which is not rendered (Services rendered there: " + ServicesIn(ep.ns) + ")", EndpointSource(ep));
      } else if (!svc->second.count(port)) {
        Add(ep.component, object, ep.Address(), "endpoint '" + ep.name + "' names port " + port + " of Service '" + ep.service +
            "', which has ports " + Join(svc->second), EndpointSource(ep));
      }
    }
  }

  // Every <svc>.<ns>.svc address into one of the stack's namespaces on this cluster names a
  // rendered Service. An address under another cluster domain, or another cluster's `expose`
  // address, is outside this cluster: like an external's, it is not resolved here.
  void CheckAddresses(const ResolvedComponent& rc, const Json& o) {
    Strings(o, [&](const std::string& s) {
      if (s.find(".svc") == std::string::npos) return;
      for (std::sregex_iterator it(s.begin(), s.end(), address_), end; it != end; ++it) {
        const std::smatch& m = *it;
        size_t at = m.position(0), after = at + m.length(0);
        if (at > 0 && (std::isalnum(static_cast<unsigned char>(s[at - 1])) || s[at - 1] == '-' || s[at - 1] == '*')) continue;
        if (after + 1 < s.size() && s[after] == '.' && std::isalnum(static_cast<unsigned char>(s[after + 1]))) continue;
        std::string svc = m[1], ns = m[3], port = m[7];
        if (!index_.namespaces.count(ns) || ElsewhereExposed(m.str(0).substr(0, m.length(0) - m.length(6)))) continue;
        auto found = index_.service_ports.find({ns, svc});
        std::string address = m.str(0);
        if (found == index_.service_ports.end())
          Add(rc.spec->id, ObjectName(o), address, "address '" + address + "' names Service '" + svc + "' in namespace '" + ns +
              "', which is not rendered (Services rendered there: " + ServicesIn(ns) + ")", AddressSource(rc, address));
        else if (!port.empty() && !found->second.count(port))
          Add(rc.spec->id, ObjectName(o), address, "address '" + address + "' names port " + port + " of Service '" + svc +
              "', which has ports " + Join(found->second), AddressSource(rc, address));
      }
    });
  }

  // Whether `host` is the `expose` address of an instance on another cluster.
  bool ElsewhereExposed(const std::string& host) const {
    for (const auto& [key, ep] : c_.compiled.exposed)
      if (ep.host == host && !cv_.components.count(ep.component)) return true;
    return false;
  }

  // <svc>.<ns>.svc, then this cluster's domain, then a port.
  const std::regex address_{R"re(([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.)re" +
                            RegexEscape(cluster_.cluster_domain) + R"re()?(:([0-9]+))?)re"};

  // An address kalypsoc wrote comes from an endpoint; any other one is the chart's own.
  std::string AddressSource(const ResolvedComponent& rc, const std::string& address) const {
    for (const auto& [key, ep] : cv_.endpoints)
      if (!ep.external && (address == ep.host || address == ep.Address())) return EndpointSource(ep);
    return rc.charts.empty() ? rc.spec->kind : "chart " + rc.charts[0].name + " " + rc.charts[0].version + " (its own template)";
  }
};

// What the rendered pods read: Secrets and keys, and the variables their configs expand.
class PodChecks : public ServiceChecks {
 protected:
  using ServiceChecks::ServiceChecks;

  void Read(const ResolvedComponent& rc, const Json& o, const std::string& ns, const std::string& name, const std::string& key,
            const std::string& where) {
    reads_[{ns, name}].insert(key.empty() ? "*" : key);
    std::set<std::string> keys;
    std::string source;
    std::string subject = "Secret " + name + (key.empty() ? "" : " key " + key);
    if (!Known(rc, ns, name, &keys, &source)) {
      Add(rc.spec->id, ObjectName(o), subject, where + " reads Secret '" + name + "'" + (key.empty() ? "" : " key '" + key + "'") +
          ", which is not rendered, not listed by `kalypsoc secrets` and not declared as created at run time", source);
    } else if (!key.empty() && !keys.count(key) && !keys.count("*")) {
      Add(rc.spec->id, ObjectName(o), subject, where + " reads key '" + key + "' of Secret '" + name + "', which has keys " + Join(keys) +
          " (" + (source == "rendered Secret" ? "as rendered" : "as kalypsoc states it") + ")", source);
    }
  }

  void CheckPod(const ResolvedComponent& rc, const Json& o, const Json& pod) {
    std::string ns = NamespaceOf(o, rc.spec->ns);
    std::map<std::string, const Json*> volumes;  // pointers into `pod`, not into a copy
    static const Json kNone = Json::array();
    const Json& declared = pod.contains("volumes") && pod["volumes"].is_array() ? pod["volumes"] : kNone;
    for (const auto& v : declared) {
      volumes[Str(v, "name")] = &v;
      const Json& sec = v.value("secret", Json::object());
      if (!Str(sec, "secretName").empty() && Str(sec, "optional") != "true") {
        std::string where = "volume '" + Str(v, "name") + "'";
        if (sec.contains("items")) {
          for (const auto& item : sec["items"]) Read(rc, o, ns, Str(sec, "secretName"), Str(item, "key"), where);
        } else {
          Read(rc, o, ns, Str(sec, "secretName"), "", where);
        }
      }
      for (const auto& src : v.value("projected", Json::object()).value("sources", Json::array())) {
        const Json& ps = src.value("secret", Json::object());
        if (Str(ps, "name").empty() || Str(ps, "optional") == "true") continue;
        for (const auto& item : ps.value("items", Json::array())) Read(rc, o, ns, Str(ps, "name"), Str(item, "key"), "projected volume");
        if (!ps.contains("items")) Read(rc, o, ns, Str(ps, "name"), "", "projected volume");
      }
    }
    for (const char* list : {"initContainers", "containers"})
      for (const auto& ctr : pod.value(list, Json::array())) CheckContainer(rc, o, ns, ctr, volumes);
  }

  void CheckContainer(const ResolvedComponent& rc, const Json& o, const std::string& ns, const Json& ctr,
                      const std::map<std::string, const Json*>& volumes) {
    std::string who = "container '" + Str(ctr, "name") + "'";
    std::set<std::string> env;  // what the container's environment holds ("*": unknown keys)
    for (const auto& e : ctr.value("env", Json::array())) {
      env.insert(Str(e, "name"));
      const Json& ref = e.value("valueFrom", Json::object()).value("secretKeyRef", Json::object());
      if (!Str(ref, "name").empty() && Str(ref, "optional") != "true")
        Read(rc, o, ns, Str(ref, "name"), Str(ref, "key"), who + " env " + Str(e, "name"));
    }
    for (const auto& e : ctr.value("envFrom", Json::array())) {
      const Json& sref = e.value("secretRef", Json::object());
      const Json& cref = e.value("configMapRef", Json::object());
      if (!Str(sref, "name").empty()) {
        if (Str(sref, "optional") != "true") Read(rc, o, ns, Str(sref, "name"), "", who + " envFrom");
        std::set<std::string> keys;
        std::string source;
        Known(rc, ns, Str(sref, "name"), &keys, &source);
        for (const auto& k : keys) env.insert(Str(e, "prefix") + k);
      }
      auto cm = index_.configmaps.find({ns, Str(cref, "name")});
      if (cm != index_.configmaps.end())
        for (const auto& [k, v] : cm->second) env.insert(Str(e, "prefix") + k);
    }
    CheckExpansion(rc, o, ns, ctr, volumes, env);
  }

  // A mounted config with ${VAR} needs -config.expand-env=true and VAR in the environment.
  void CheckExpansion(const ResolvedComponent& rc, const Json& o, const std::string& ns, const Json& ctr,
                      const std::map<std::string, const Json*>& volumes, const std::set<std::string>& env) {
    static const std::regex kVar(R"re(\$\{([A-Za-z_][A-Za-z0-9_]*)(:-?[^}]*)?\})re");
    bool expands = false;
    for (const char* field : {"args", "command"})
      for (const auto& a : ctr.value(field, Json::array()))
        if (a.is_string() && (a == "-config.expand-env=true" || a == "--config.expand-env=true" || a == "-config.expand-env")) expands = true;
    for (const auto& m : ctr.value("volumeMounts", Json::array())) {
      auto v = volumes.find(Str(m, "name"));
      if (v == volumes.end()) continue;
      const Json& vol = *v->second;
      const KeyValues* data = nullptr;
      std::string cfg;
      if (vol.contains("configMap")) {
        cfg = "ConfigMap/" + Str(vol["configMap"], "name");
        auto f = index_.configmaps.find({ns, Str(vol["configMap"], "name")});
        if (f != index_.configmaps.end()) data = &f->second;
      } else if (vol.contains("secret")) {
        cfg = "Secret/" + Str(vol["secret"], "secretName");
        auto f = index_.secrets.find({ns, Str(vol["secret"], "secretName")});
        if (f != index_.secrets.end()) data = &f->second;
      }
      if (!data) continue;
      for (const auto& [file, text] : *data) {
        if (!IsConfigFile(file)) continue;
        for (std::sregex_iterator it(text.begin(), text.end(), kVar), end; it != end; ++it) {
          std::string var = (*it)[1];
          std::string subject = cfg + " " + file + " ${" + var + "}";
          if (!expands)
            Add(rc.spec->id, ObjectName(o), subject, "container '" + Str(ctr, "name") + "' mounts " + cfg + " whose " + file + " uses ${" + var +
                "}, but does not pass -config.expand-env=true", facts_.Line(rc.spec->kind, "storage:", "values:"));
          else if (!env.count(var) && !env.count("*"))
            Add(rc.spec->id, ObjectName(o), subject, "container '" + Str(ctr, "name") + "' expands ${" + var + "} in " + cfg + " " + file +
                ", but its environment has no " + var, facts_.Line(rc.spec->kind, "storage:", "secretKeys"));
        }
      }
    }
  }

  // Only the configuration files of the Grafana-family binaries are expanded this way.
  static bool IsConfigFile(const std::string& file) {
    auto ends = [&](const char* s) { return file.size() >= std::strlen(s) && file.compare(file.size() - std::strlen(s), std::string::npos, s) == 0; };
    return ends(".yaml") || ends(".yml");
  }

  // Every key `kalypsoc secrets` asks for is read by a rendered workload.
  void CheckSecretsListed() {
    for (const auto& need : cv_.secrets) {
      if (!objects_.count(need.component)) continue;
      auto r = reads_.find({need.ns, need.name});
      for (const auto& key : need.keys) {
        if (r != reads_.end() && (r->second.count(key) || r->second.count("*"))) continue;
        Add(need.component, "Secret/" + need.name, "Secret " + need.name + " key " + key, "`kalypsoc secrets` asks for key '" + key +
            "' of Secret '" + need.name + "' in namespace '" + need.ns + "', which no rendered workload reads" +
            (r == reads_.end() ? "" : " (keys read: " + Join(r->second) + ")"), SecretSource(need));
      }
    }
  }
};

// The policy on the rendered objects: forbidden workloads, default credentials.
class PolicyChecks : public PodChecks {
 protected:
  using PodChecks::PodChecks;

  // No workload of a forbidden feature is rendered.
  void CheckForbidden(const ResolvedComponent& rc, const std::vector<Json>& list) {
    const Json& features = rc.kind().value("features", Json::object());
    for (const auto& feature : c_.stack.forbid) {
      if (!features.contains(feature)) continue;
      for (const auto& w : features[feature].value("workloads", Json::array())) {
        const ChartInstance* ci = ChartOf(rc, w);
        if (!ci) continue;
        std::string object = Str(w, "kind") + "/" + ExpandName(Str(w, "name"), *ci);
        for (const auto& o : list)
          if (ObjectName(o) == object)
            Add(rc.spec->id, object, feature, "the policy forbids '" + feature + "', but its workload " + object + " is rendered",
                facts_.Line(rc.spec->kind, "features:", "workloads"));
      }
    }
  }

  // No rendered Secret or ConfigMap holds a chart's well-known default credential.
  void CheckDefaultCredentials(const ResolvedComponent& rc, const std::vector<Json>& list) {
    for (const auto& cred : rc.kind().value("defaultCredentials", Json::array())) {
      std::string value = cred.value("value", "");
      if (value.empty()) continue;
      std::regex token("(^|[^A-Za-z0-9_])" + RegexEscape(value) + "($|[^A-Za-z0-9_])");
      for (const auto& o : list) {
        std::string kind = o.value("kind", "");
        if (kind != "Secret" && kind != "ConfigMap") continue;
        const KeyValues& kv = (kind == "Secret" ? index_.secrets : index_.configmaps)
                                  .at({NamespaceOf(o, rc.spec->ns), Str(o.value("metadata", Json::object()), "name")});
        for (const auto& [k, v] : kv)
          if (std::regex_search(v, token))
            Add(rc.spec->id, ObjectName(o), k, "key '" + k + "' holds the chart's default credential '" + value + "' (" +
                cred.value("fact", "") + ")", facts_.Line(rc.spec->kind, "defaultCredentials", value));
      }
    }
  }
};

// Every check; pods first, so the Secrets they read are known when the listed ones are checked.
class Checker : public PolicyChecks {
 public:
  using PolicyChecks::PolicyChecks;

  std::vector<Finding> Run() {
    CheckEndpoints();
    for (const auto& [comp, list] : objects_) {
      const ResolvedComponent& rc = cv_.components.at(comp);
      for (const auto& o : list) {
        CheckAddresses(rc, o);
        for (const Json* pod : PodSpecs(o)) CheckPod(rc, o, *pod);
      }
      CheckForbidden(rc, list);
      CheckDefaultCredentials(rc, list);
    }
    CheckSecretsListed();
    std::set<Finding> unique(findings_.begin(), findings_.end());
    return {unique.begin(), unique.end()};
  }
};

}  // namespace

std::vector<Finding> CheckRendered(const Compilation& c, const RenderedObjects& objects, const StdlibFacts& facts) {
  // Cluster by cluster: each has its own Services, Secrets and cluster domain.
  std::vector<Finding> out;
  for (const auto& [name, cluster] : c.stack.clusters) {
    Compiled view = OnCluster(c.compiled, name);
    RenderedObjects here;
    for (const auto& [id, list] : objects)
      if (view.components.count(id)) here.emplace(id, list);
    std::vector<Finding> found = Checker(c, view, cluster, here, facts).Run();
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace kalypso
