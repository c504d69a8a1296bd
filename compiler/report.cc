// Text renderings of the compiled stack. Everything iterates sorted maps, so the output
// is deterministic and can be committed (out/README.md) and compared in golden tests.
#include "report.h"

#include <algorithm>
#include <sstream>

namespace kalypso {

namespace {

std::map<int, std::vector<std::string>> ByWave(const Compiled& compiled) {
  std::map<int, std::vector<std::string>> out;
  for (const auto& [name, rc] : compiled.components) out[rc.wave].push_back(name);
  return out;
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

std::string GraphText(const Compiled& compiled) {
  std::ostringstream out;
  for (const auto& [wave, names] : ByWave(compiled)) {
    out << "wave " << wave << ":\n";
    for (const auto& n : names) {
      const auto& rc = compiled.components.at(n);
      out << "  " << n << " (" << rc.spec->ns << ")" << (rc.deps.empty() ? "" : " <- " + Join(rc.deps)) << "\n";
    }
  }
  return out.str();
}

std::string GraphDot(const std::string& stack_name, const Compiled& compiled) {
  std::ostringstream out;
  out << "digraph \"" << stack_name << "\" {\n  rankdir=LR;\n  node [shape=box];\n";
  // Each wave is one rank headed by its label; invisible edges keep the waves in order.
  int previous = 0;
  bool first = true;
  for (const auto& [wave, names] : ByWave(compiled)) {
    out << "  subgraph \"wave" << wave << "\" {\n    rank=same;\n    \"wave " << wave << "\" [shape=plaintext];\n";
    for (const auto& n : names) out << "    \"" << n << "\";\n";
    out << "  }\n";
    if (!first) out << "  \"wave " << previous << "\" -> \"wave " << wave << "\" [style=invis];\n";
    previous = wave;
    first = false;
  }
  for (const auto& [name, rc] : compiled.components)
    for (const auto& d : rc.deps) out << "  \"" << d << "\" -> \"" << name << "\";\n";
  out << "}\n";
  return out.str();
}

std::string GraphMermaid(const Compiled& compiled) {
  std::map<std::string, std::string> id;
  for (const auto& [name, rc] : compiled.components) id[name] = "c" + std::to_string(id.size() + 1);
  std::ostringstream out;
  out << "flowchart LR\n";
  for (const auto& [wave, names] : ByWave(compiled)) {
    out << "  subgraph wave" << wave << "[\"wave " << wave << "\"]\n";
    for (const auto& n : names) out << "    " << id[n] << "[\"" << n << "\"]\n";
    out << "  end\n";
  }
  for (const auto& [name, rc] : compiled.components)
    for (const auto& d : rc.deps) out << "  " << id[d] << " --> " << id[name] << "\n";
  return out.str();
}

std::string GraphJson(const Compiled& compiled) {
  Json list = Json::array();
  for (const auto& [wave, names] : ByWave(compiled))
    for (const auto& n : names) {
      const auto& rc = compiled.components.at(n);
      list.push_back({{"component", n}, {"namespace", rc.spec->ns}, {"wave", wave}, {"needs", rc.deps}});
    }
  return list.dump(2) + "\n";
}

Compiled OnCluster(const Compiled& compiled, const std::string& cluster) {
  Compiled out;
  for (const auto& [id, rc] : compiled.components)
    if (rc.spec->cluster->name == cluster) out.components.emplace(id, rc);
  for (const auto& [key, ep] : compiled.endpoints)
    if (out.components.count(ep.component) || (ep.external && !compiled.components.count(ep.component))) out.endpoints.emplace(key, ep);
  for (const auto& [key, ep] : compiled.exposed)
    if (out.components.count(ep.component)) out.exposed.emplace(key, ep);
  for (const auto& need : compiled.secrets)
    if (need.cluster == cluster) out.secrets.insert(need);
  return out;
}

std::string EndpointsTable(const Compiled& compiled) {
  size_t w1 = 9, w2 = 8, w3 = 7;
  for (const auto& [key, ep] : compiled.exposed) {
    w1 = std::max(w1, ep.component.size());
    w2 = std::max(w2, ep.name.size());
    w3 = std::max(w3, ep.Address().size());
  }
  for (const auto& [key, ep] : compiled.endpoints) {
    w1 = std::max(w1, ep.component.size());
    w2 = std::max(w2, ep.name.size());
    w3 = std::max(w3, ep.Address().size());
  }
  std::ostringstream out;
  auto row = [&](const std::string& a, const std::string& b, const std::string& c, const std::string& d) {
    out << a << std::string(w1 - a.size() + 2, ' ') << b << std::string(w2 - b.size() + 2, ' ') << c
        << std::string(w3 - c.size() + 2, ' ') << d << "\n";
  };
  row("COMPONENT", "ENDPOINT", "ADDRESS", "URL");
  for (const auto& [key, ep] : compiled.endpoints) row(ep.component, ep.name, ep.Address(), ep.Url());
  if (!compiled.exposed.empty()) {
    out << "\nexposed to other clusters:\n";
    for (const auto& [key, ep] : compiled.exposed) row(ep.component, ep.name, ep.Address(), ep.Url());
  }
  return out.str();
}

std::string EndpointsJson(const Compiled& compiled) {
  Json list = Json::array();
  for (const auto& [key, ep] : compiled.endpoints) {
    Json entry = {{"component", ep.component}, {"endpoint", ep.name}, {"address", ep.Address()}, {"url", ep.Url()},
                  {"external", ep.external}};
    // In a fleet: the address other clusters use (`expose`), when the endpoint has one.
    auto exposed = compiled.exposed.find(key);
    if (exposed != compiled.exposed.end())
      entry["exposed"] = {{"address", exposed->second.Address()}, {"url", exposed->second.Url()}};
    list.push_back(entry);
  }
  return list.dump(2) + "\n";
}

std::string SecretsText(const Compiled& compiled) {
  std::ostringstream out;
  std::string ns;
  for (const auto& s : compiled.secrets) {
    std::string where = s.cluster.empty() ? s.ns : s.cluster + "/" + s.ns;
    if (where != ns) {
      out << (ns.empty() ? "" : "\n") << (s.cluster.empty() ? "namespace " : "cluster/namespace ") << where << ":\n";
      ns = where;
    }
    std::string keys;
    for (const auto& k : s.keys) keys += (keys.empty() ? "" : ", ") + k;
    out << "  secret " << s.name << "  keys: " << keys << "  (" << s.purpose << ")\n";
  }
  return out.str();
}

std::string SecretsJson(const Compiled& compiled) {
  Json list = Json::array();
  for (const auto& s : compiled.secrets)
    list.push_back({{"namespace", s.ns}, {"secret", s.name}, {"keys", s.keys}, {"purpose", s.purpose},
                    {"component", s.component}});
  return list.dump(2) + "\n";
}

}  // namespace kalypso
