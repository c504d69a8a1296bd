// Cross-cluster name resolution (SPEC section 10): every look-up is a map find, so resolving
// the references of a fleet costs one step per reference, whatever the number of clusters.
#include "reach.h"

namespace kalypso {

namespace {

template <typename M>
std::vector<std::string> MapKeys(const M& m) {
  std::vector<std::string> out;
  for (const auto& kv : m) out.push_back(kv.first);
  return out;
}

}  // namespace

std::vector<std::string> Reacher::Targets() const {
  std::vector<std::string> names = MapKeys(stack_.placed);
  for (const auto& kv : stack_.externals) names.push_back(kv.first);
  return names;
}

// The addresses other clusters use (`expose`), `{ingressDomain}` from the instance's cluster.
void Reacher::Expose(const Instance& c) {
  for (const auto& [name, spec] : c.expose) {
    auto in = out_->endpoints.find(c.id + "." + name);
    if (in == out_->endpoints.end()) {
      diags_.Error(doc_.KeyAt(spec.ptr), "'expose' names unknown endpoint '" + name + "' of '" + c.name + "'" +
                                            DidYouMean(name, EndpointNames(c.id)));
      continue;
    }
    Endpoint ep = in->second;
    ep.host = spec.host;
    const std::string var = "{ingressDomain}";
    size_t at = ep.host.find(var);
    if (at != std::string::npos) {
      if (c.cluster->ingress_domain.empty())
        diags_.Error(doc_.At(spec.ptr + "/host"), "'" + var + "' is used, but cluster '" + c.cluster->name +
                                                      "' has no 'ingressDomain'");
      ep.host.replace(at, var.size(), c.cluster->ingress_domain);
    }
    if (spec.port) ep.port = spec.port;
    if (!spec.scheme.empty()) ep.scheme = spec.scheme;
    if (!spec.path.empty()) ep.path = spec.path;
    out_->exposed[c.id + "." + name] = ep;
  }
}

std::vector<std::string> Reacher::EndpointNames(const std::string& target) const {
  std::vector<std::string> names;
  std::string prefix = target + ".";
  for (const auto& [key, ep] : out_->endpoints)
    if (key.compare(0, prefix.size(), prefix) == 0) names.push_back(ep.name);
  return names;
}

// The instance (or external) a name written on `from` means: `cluster/name` as written,
// else the instance on the same cluster, else the one cluster that runs it. Reports at
// `loc` and returns "" when there is none or several; `ref` shows the fix for the latter.
std::string Reacher::Target(const Instance& from, const std::string& written, const Location& loc, const std::string& what,
                   const std::string& ref_rest) {
  size_t slash = written.find('/');
  std::string name = slash == std::string::npos ? written : written.substr(slash + 1);
  if (slash != std::string::npos) {
    std::string cluster = written.substr(0, slash);
    if (!stack_.fleet || !stack_.clusters.count(cluster)) {
      diags_.Error(loc, what + ": unknown cluster '" + cluster + "'" + DidYouMean(cluster, MapKeys(stack_.clusters)));
      return "";
    }
    if (!KnownTarget(name, loc, what + " names unknown component")) return "";
    if (stack_.components.count(written)) return written;
    diags_.Error(loc, what + ": '" + name + "' does not run on cluster '" + cluster + "'" + RunsOn(name));
    return "";
  }
  if (stack_.externals.count(name) || !stack_.fleet) return KnownTarget(name, loc, what + " names unknown component") ? name : "";
  std::string same = from.cluster->name + "/" + name;
  if (stack_.components.count(same)) return same;
  if (!KnownTarget(name, loc, what + " names unknown component")) return "";
  const std::vector<std::string>& ids = stack_.placed.at(name);
  if (ids.size() == 1) return ids[0];
  std::string forms;
  for (const auto& id : ids) forms += (forms.empty() ? "" : ", ") + ("'" + (ref_rest.empty() ? id : "${" + id + ref_rest + "}") + "'");
  diags_.Error(loc, what + ": '" + name + "' does not run on cluster '" + from.cluster->name + "' and runs on " +
                        std::to_string(ids.size()) + " other clusters; name one: " + forms);
  return "";
}

std::string Reacher::RunsOn(const std::string& name) const {
  auto it = stack_.placed.find(name);
  if (it == stack_.placed.end()) return "";
  std::string list;
  for (const auto& id : it->second) list += (list.empty() ? "" : ", ") + id.substr(0, id.find('/'));
  return " (it runs on: " + list + ")";
}

// The address `from` uses for `target.endpoint`: in-cluster on its own cluster, else the
// target's `expose` address. nullptr (reported at `loc`) when another cluster cannot reach it.
const Endpoint* Reacher::Address(const Instance& from, const std::string& target, const std::string& endpoint, const Location& loc) {
  auto it = out_->endpoints.find(target + "." + endpoint);
  if (it == out_->endpoints.end()) return nullptr;
  auto t = stack_.components.find(target);
  if (t == stack_.components.end() || t->second.cluster == from.cluster) return &it->second;
  auto x = out_->exposed.find(target + "." + endpoint);
  if (x != out_->exposed.end()) return &x->second;
  diags_.Error(loc, "'" + from.id + "' reaches '" + target + "' on another cluster, but '" + t->second.name + "' has no 'expose' for '" +
                        endpoint + "'; add 'expose: {" + endpoint + ": {host: ...}}' to '" + t->second.name + "'");
  return nullptr;
}

// Checks a component/external name; reports at `loc` and returns false when unknown.
bool Reacher::KnownTarget(const std::string& name, const Location& loc, const std::string& what) {
  if (stack_.placed.count(name) || stack_.externals.count(name)) return true;
  std::vector<std::string> names = Targets();
  std::string hint = DidYouMean(name, names);
  if (hint.empty()) {
    auto& all = stack_.doc->root["components"];
    if (all.contains(name)) hint = stack_.fleet ? " (it runs on no cluster)" : " (it is disabled: 'enabled: false')";
  }
  diags_.Error(loc, what + " '" + name + "'" + hint);
  return false;
}

}  // namespace kalypso
