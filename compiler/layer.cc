// Placement and layering of instances. Per instance the work is one merge of the blocks that
// apply to it (nothing at all when none does), so a fleet costs clusters x components, linearly.
#include "layer.h"

#include "validate.h"

namespace kalypso {

void Overlay(Json* target, const Json& patch) {
  if (!target->is_object() || !patch.is_object()) {
    *target = patch;
    return;
  }
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    auto have = target->find(it.key());
    if (have == target->end())
      (*target)[it.key()] = it.value();
    else
      Overlay(&*have, it.value());
  }
}

namespace {

std::string Str(const Json& o, const char* key, const std::string& def = "") {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : def;
}

template <typename M>
std::vector<std::string> Names(const M& m) {
  std::vector<std::string> out;
  for (const auto& kv : m) out.push_back(kv.first);
  return out;
}

class Placer {
 public:
  Placer(Document& doc, Stack* stack, Diags& diags) : doc_(doc), stack_(*stack), diags_(diags) {}

  bool Run() {
    const Json& r = doc_.root;
    stack_.fleet = r.contains("clusters");
    if (stack_.fleet) {
      ReadEnvironments(r.value("environments", Json::array()));
      ReadClusters(r["clusters"]);
    } else {
      if (r.contains("environments"))
        diags_.Error(doc_.KeyAt("/environments"), "'environments' are the rings of a fleet; declare 'clusters:' too");
      Cluster& only = stack_.clusters[""];
      only.server = stack_.server;
      only.cluster_domain = stack_.cluster_domain;
    }
    for (auto it = r["components"].begin(); it != r["components"].end(); ++it) PlaceComponent(it.key(), it.value());
    if (stack_.components.empty() && !diags_.HasErrors())
      diags_.Error(doc_.At("/components"), stack_.fleet ? "no component runs on any cluster (placement, 'enabled: false'); nothing to generate"
                                                        : "every component is disabled; nothing to generate");
    return !diags_.HasErrors();
  }

 private:
  void ReadEnvironments(const Json& list) {
    for (size_t i = 0; i < list.size(); ++i) {
      Environment e;
      e.name = Str(list[i], "name");
      e.max_update = list[i].value("maxUpdate", Json());
      e.ptr = PointerAppend("/environments", i);
      e.ring = static_cast<int>(i);
      if (std::any_of(stack_.environments.begin(), stack_.environments.end(), [&](const Environment& o) { return o.name == e.name; }))
        diags_.Error(doc_.At(e.ptr + "/name"), "environment '" + e.name + "' is declared twice");
      stack_.environments.push_back(e);
    }
  }

  const Environment* FindEnvironment(const std::string& name) const {
    for (const auto& e : stack_.environments)
      if (e.name == name) return &e;
    return nullptr;
  }

  std::vector<std::string> EnvironmentNames() const {
    std::vector<std::string> out;
    for (const auto& e : stack_.environments) out.push_back(e.name);
    return out;
  }

  void ReadClusters(const Json& clusters) {
    for (auto it = clusters.begin(); it != clusters.end(); ++it) {
      const Json& j = it.value();
      Cluster c;
      c.name = it.key();
      c.ptr = PointerAppend("/clusters", it.key());
      c.environment = Str(j, "environment");
      c.server = Str(j, "server");
      c.destination_name = Str(j, "name");
      c.cluster_domain = Str(j, "clusterDomain", stack_.cluster_domain);
      c.ingress_domain = Str(j, "ingressDomain");
      if (j.contains("labels"))
        for (auto l = j["labels"].begin(); l != j["labels"].end(); ++l) c.labels[l.key()] = l.value().get<std::string>();
      const Environment* env = FindEnvironment(c.environment);
      if (!env)
        diags_.Error(doc_.At(c.ptr + "/environment"), "unknown environment '" + c.environment + "'" +
                                                          DidYouMean(c.environment, EnvironmentNames()) +
                                                          (stack_.environments.empty() ? "; declare it under 'environments:'" : ""));
      else
        c.ring = env->ring;
      if (c.server.empty() == c.destination_name.empty())
        diags_.Error(doc_.KeyAt(c.ptr), "cluster '" + c.name + "' needs exactly one of 'server' (API server URL) or 'name' (ArgoCD cluster name)");
      stack_.clusters[c.name] = std::move(c);
    }
  }

  // The clusters a component runs on: `placement` (clusters, environments or labels), or all.
  std::vector<const Cluster*> Placement(const std::string& ptr, const Json& placement) {
    std::vector<const Cluster*> out;
    std::string cptr = ptr + "/placement/clusters", eptr = ptr + "/placement/environments";
    for (size_t i = 0; placement.contains("clusters") && i < placement["clusters"].size(); ++i) {
      std::string name = placement["clusters"][i].get<std::string>();
      auto it = stack_.clusters.find(name);
      if (it == stack_.clusters.end())
        diags_.Error(doc_.At(PointerAppend(cptr, i)), "unknown cluster '" + name + "'" + DidYouMean(name, Names(stack_.clusters)));
      else
        out.push_back(&it->second);
    }
    std::set<std::string> envs;
    for (size_t i = 0; placement.contains("environments") && i < placement["environments"].size(); ++i) {
      std::string name = placement["environments"][i].get<std::string>();
      if (!FindEnvironment(name))
        diags_.Error(doc_.At(PointerAppend(eptr, i)), "unknown environment '" + name + "'" + DidYouMean(name, EnvironmentNames()));
      envs.insert(name);
    }
    const Json selector = placement.value("labels", Json::object());
    for (const auto& [name, cl] : stack_.clusters) {
      if (placement.contains("clusters")) break;
      if (placement.contains("environments") && !envs.count(cl.environment)) continue;
      bool labels_match = true;
      for (auto l = selector.begin(); l != selector.end(); ++l) {
        auto have = cl.labels.find(l.key());
        labels_match = labels_match && have != cl.labels.end() && have->second == l.value().get<std::string>();
      }
      if (labels_match) out.push_back(&cl);
    }
    if (out.empty() && !diags_.HasErrors())
      diags_.Warning(doc_.KeyAt(ptr + "/placement"), "the placement of '" + ptr.substr(ptr.rfind('/') + 1) + "' matches no cluster");
    return out;
  }

  // Override blocks must name declared environments and clusters.
  void CheckBlocks(const std::string& ptr, const Json& j) {
    for (const char* field : {"environments", "clusters"}) {
      if (!j.contains(field)) continue;
      bool env = field == std::string("environments");
      std::vector<std::string> known = env ? EnvironmentNames() : Names(stack_.clusters);
      for (auto it = j[field].begin(); it != j[field].end(); ++it) {
        std::string key_ptr = PointerAppend(ptr + "/" + field, it.key());
        if (!stack_.fleet) {
          diags_.Error(doc_.KeyAt(key_ptr), std::string("'") + field + "." + it.key() +
                                                "' overrides a fleet's layer; this stack declares no 'clusters:'");
        } else if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
          diags_.Error(doc_.KeyAt(key_ptr), std::string("unknown ") + (env ? "environment" : "cluster") + " '" + it.key() + "'" +
                                                DidYouMean(it.key(), known));
        }
      }
    }
    if (!stack_.fleet && (j.contains("placement") || j.contains("expose")))
      diags_.Error(doc_.KeyAt(ptr + (j.contains("placement") ? "/placement" : "/expose")),
                   "'placement' and 'expose' are for fleets; this stack declares no 'clusters:'");
  }

  // An override block for a cluster (or environment) the component does not run on does
  // nothing: most likely a placement or a block name is wrong.
  void UnusedBlocks(const std::string& ptr, const Json& j, const std::vector<const Cluster*>& placed) {
    std::set<std::string> clusters, envs;
    for (const Cluster* cl : placed) {
      clusters.insert(cl->name);
      envs.insert(cl->environment);
    }
    for (const char* field : {"environments", "clusters"}) {
      bool env = field == std::string("environments");
      if (!j.contains(field)) continue;
      for (auto it = j[field].begin(); it != j[field].end(); ++it) {
        bool declared = env ? FindEnvironment(it.key()) != nullptr : stack_.clusters.count(it.key()) > 0;
        if (declared && !(env ? envs : clusters).count(it.key()))
          diags_.Warning(doc_.KeyAt(PointerAppend(ptr + "/" + field, it.key())),
                         std::string("'") + field + "." + it.key() + "' has no effect: the placement of '" +
                             ptr.substr(ptr.rfind('/') + 1) + "' " +
                             (env ? "puts it on no cluster of environment '" : "does not put it on cluster '") + it.key() + "'");
      }
    }
  }

  void PlaceComponent(const std::string& name, const Json& j) {
    std::string ptr = PointerAppend("/components", name);
    CheckBlocks(ptr, j);
    if (!stack_.fleet) {
      Add(j, name, ptr, &stack_.clusters.at(""), name);
      return;
    }
    std::vector<const Cluster*> placed = Placement(ptr, j.value("placement", Json::object()));
    UnusedBlocks(ptr, j, placed);
    for (const Cluster* cl : placed) {
      std::string env_ptr = PointerAppend(ptr + "/environments", cl->environment);
      std::string cl_ptr = PointerAppend(ptr + "/clusters", cl->name);
      const Json* env_block = j.contains("environments") && j["environments"].contains(cl->environment) ? &j["environments"][cl->environment] : nullptr;
      const Json* cl_block = j.contains("clusters") && j["clusters"].contains(cl->name) ? &j["clusters"][cl->name] : nullptr;
      std::string layered = "/@" + cl->name + PointerAppend("", name);
      std::vector<std::string>& layers = doc_.layers[layered];
      layers = {ptr};
      if (env_block) layers.push_back(env_ptr);
      if (cl_block) layers.push_back(cl_ptr);
      if (!env_block && !cl_block) {
        Add(j, name, layered, cl, cl->name + "/" + name);
        continue;
      }
      Json merged = j;
      if (env_block) Overlay(&merged, *env_block);
      if (cl_block) Overlay(&merged, *cl_block);
      Add(merged, name, layered, cl, cl->name + "/" + name);
    }
  }

  void Add(const Json& j, const std::string& name, const std::string& ptr, const Cluster* cl, const std::string& id) {
    Instance c;
    ReadComponent(j, name, ptr, &c);
    if (!c.enabled) {
      if (stack_.fleet) stack_.disabled.insert(id);
      return;
    }
    c.id = id;
    c.cluster = cl;
    if (stack_.externals.count(name)) {
      if (!clashed_.insert(name).second) return;
      diags_.Error(doc_.KeyAt(PointerAppend("/components", name)), "component '" + name + "' has the name of an external; names must be unique");
    }
    // ArgoCD names a fleet's Applications <cluster>-<component>: 'a' + 'b-c' = 'a-b' + 'c'.
    if (stack_.fleet) {
      auto [other, fresh] = app_names_.emplace(cl->name + "-" + name, id);
      if (!fresh)
        diags_.Error(doc_.KeyAt(PointerAppend("/components", name)),
                     "the Applications of '" + other->second + "' and '" + id + "' would both be named '" + other->first +
                         "'; rename the component or one of the clusters");
    }
    stack_.placed[name].push_back(id);
    stack_.components[id] = std::move(c);
  }

  Document& doc_;
  Stack& stack_;
  Diags& diags_;
  std::set<std::string> clashed_;
  std::map<std::string, std::string> app_names_;  ///< Application name -> instance id
};

}  // namespace

bool PlaceInstances(Document& doc, Stack* stack, Diags& diags) { return Placer(doc, stack, diags).Run(); }

}  // namespace kalypso
