// verify --unused-values: one baseline `helm template` per chart, then one per changed leaf
// (a few at a time); identical output means the chart never reads that leaf.
#include "verify_unused.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

namespace kalypso {

std::vector<std::string> Leaves(const Json& v, const std::string& prefix) {
  std::vector<std::string> out;
  if (v.is_structured() && !v.empty()) {
    if (v.is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it)
        for (auto& l : Leaves(it.value(), PointerAppend(prefix, it.key()))) out.push_back(std::move(l));
    } else {
      for (size_t i = 0; i < v.size(); ++i)
        for (auto& l : Leaves(v[i], PointerAppend(prefix, i))) out.push_back(std::move(l));
    }
  } else if (!prefix.empty()) {
    out.push_back(prefix);
  }
  return out;
}

Json ChangeLeaf(const Json& v, const std::string& pointer) {
  Json out = v;
  Json& leaf = out[Json::json_pointer(pointer)];
  if (leaf.is_boolean()) leaf = !leaf.get<bool>();
  else if (leaf.is_number_integer()) leaf = leaf.get<long long>() + 1;
  else if (leaf.is_number()) leaf = leaf.get<double>() + 1.5;
  else if (leaf.is_string()) leaf = leaf.get<std::string>() + "x";
  else if (leaf.is_array()) leaf = Json::array({"kalypso-probe"});
  else if (leaf.is_object()) leaf = {{"kalypsoProbe", "x"}};
  else leaf = "kalypso-probe";
  return out;
}

namespace {

struct Probe {
  std::string component;
  const ChartInstance* chart;
  std::string pointer;  ///< "" = the baseline render
  std::string output;
  int rc = 0;
};

// helm template as kustomize runs it, minus the CRDs (values do not template them).
void Render(Probe& p, const Compilation& c, const RenderTools& tools, const std::string& dir) {
  const ChartInstance& ci = *p.chart;
  Json values = p.pointer.empty() ? ci.values : ChangeLeaf(ci.values, p.pointer);
  std::string file = MakeTempDir(JoinPath(dir, "values-"));
  WriteFileMkdirs(file + "/values.yaml", values.dump());
  std::string chart = JoinPath(tools.cache_dir, "charts/" + ci.name + "-" + ci.version + "/" + ci.name);
  std::string err;
  p.rc = RunTool({tools.helm, "template", ci.release, chart, "--namespace", c.compiled.components.at(p.component).spec->ns, "-f",
                  file + "/values.yaml"},
                 &p.output, &err);
  if (p.rc != 0) p.output = "error " + err;
  RemoveTree(file);
}

std::string LeafSource(const Compilation& c, const Probe& p, const StdlibFacts& facts) {
  const ResolvedComponent& rc = c.compiled.components.at(p.component);
  Json::json_pointer ptr(p.pointer);
  if (!p.chart->user_ptr.empty() && p.chart->user_values.contains(ptr)) {
    Location l = c.stack.doc->At(p.chart->user_ptr + p.pointer);
    return l.file + ":" + std::to_string(l.line);
  }
  // The stdlib fact: the leaf's last key (or its parent's, for an array item) under its first.
  std::string first = p.pointer.substr(1, p.pointer.find('/', 1) - 1), last = ptr.back();
  if (!last.empty() && std::isdigit(static_cast<unsigned char>(last[0]))) last = ptr.parent_pointer().back();
  return facts.Line(rc.spec->kind, first + ":", last + ":");
}

}  // namespace

std::vector<Finding> FindUnusedValues(const Compilation& c, const RenderedObjects& rendered, const RenderTools& tools,
                                      const StdlibFacts& facts, std::ostream& progress, bool* ok) {
  auto start = std::chrono::steady_clock::now();
  std::vector<Probe> probes;
  for (const auto& [name, objects] : rendered)
    for (const auto& ci : c.compiled.components.at(name).charts) {
      probes.push_back({name, &ci, "", "", 0});
      for (const auto& leaf : Leaves(ci.values)) probes.push_back({name, &ci, leaf, "", 0});
    }
  std::string dir = MakeTempDir(JoinPath(tools.cache_dir, "work/unused-"));
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < probes.size(); i = next++) Render(probes[i], c, tools, dir);
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, tools.jobs); ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  RemoveTree(dir);

  std::vector<Finding> findings;
  const Probe* base = nullptr;
  for (const auto& p : probes) {
    if (p.pointer.empty()) {
      base = &p;
      if (p.rc != 0) {
        progress << "verify: --unused-values: " << p.component << ": helm template of " << p.chart->name << " failed: " << p.output << "\n";
        *ok = false;
      }
      continue;
    }
    if (base->rc != 0 || p.rc != 0 || p.output != base->output) continue;
    std::string values_file = c.compiled.components.at(p.component).charts.size() == 1 ? "values.yaml" : "values-" + p.chart->name + ".yaml";
    findings.push_back({p.component, values_file, p.pointer,
                        "value '" + p.pointer + "' changes nothing in the render of chart " + p.chart->name + " " + p.chart->version,
                        LeafSource(c, p, facts)});
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "verify: --unused-values: %zu renders in %.1f s\n", probes.size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  progress << buf;
  return findings;
}

}  // namespace kalypso
