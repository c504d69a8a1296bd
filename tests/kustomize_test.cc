// Every generated component directory builds with the real kustomize (`kubectl kustomize
// --enable-helm`) and a recording stand-in for helm (tests/fake-helm); the test checks what
// kustomize handed helm: chart name, repo, version, release name, namespace and values.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "compile.h"
#include "../tests/test_support.h"
#include "load.h"
#include "policy.h"
#include "render_parts.h"
#include "write.h"

using namespace kalypso;
using kalypso::testing::Slurp;

namespace {

bool HaveKubectl() { return std::system("kubectl version --client >/dev/null 2>&1") == 0; }

std::string Run(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  *status = pclose(p);
  return out;
}

// Unquotes one `printf %q` word (enough for the paths and names kalypsoc generates).
std::string Unquote(const std::string& w) {
  std::string out;
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] == '\\' && i + 1 < w.size()) out += w[++i];
    else if (w[i] != '\'') out += w[i];
  }
  return out;
}

std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  std::string w;
  while (in >> w) out.push_back(Unquote(w));
  return out;
}

struct HelmCalls {
  std::vector<std::vector<std::string>> pulls, templates;
  std::vector<std::string> values;  // per template call
};

HelmCalls ParseLog(const std::string& text) {
  HelmCalls calls;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("CALL ", 0) == 0) {
      auto words = Words(line.substr(5));
      if (words.empty()) continue;
      if (words[0] == "pull") calls.pulls.push_back(words);
      if (words[0] == "template") calls.templates.push_back(words);
    } else if (line == "VALUES-BEGIN") {
      std::string values;
      while (std::getline(in, line) && line != "VALUES-END") values += line + "\n";
      calls.values.push_back(values);
    }
  }
  return calls;
}

std::string After(const std::vector<std::string>& words, const std::string& flag) {
  for (size_t i = 0; i + 1 < words.size(); ++i)
    if (words[i] == flag) return words[i + 1];
  return "";
}

// Every scalar under a credential-looking key, for the "no literal reaches helm" check
// (`secretKey` next to `secretName` names a key of that Secret: not a credential).
void CredentialLiterals(const Json& v, const std::string& key, std::vector<std::string>* out) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it)
      if (!(it.key() == "secretKey" && v.contains("secretName"))) CredentialLiterals(it.value(), it.key(), out);
  } else if (v.is_array()) {
    for (const auto& x : v) CredentialLiterals(x, key, out);
  } else if (IsCredentialKey(key) && (v.is_number() || (v.is_string() && v.get<std::string>().find("${") == std::string::npos && !v.get<std::string>().empty()))) {
    out->push_back(key + ": " + v.dump());
  }
}

// Compiles `stack` and writes its tree into a new temporary directory, which it returns.
std::string CompileIntoTemp(const std::string& stack, Compilation* c) {
  DiskFileSystem fs;
  Diags diags;
  REQUIRE_MESSAGE(Compile(stack, fs, CompileOptions{}, c, diags), diags.Render());
  char tmpl[] = "/tmp/kalypso-kustomize-XXXXXX";
  REQUIRE(mkdtemp(tmpl));
  WriteStats stats;
  Diags wd;
  REQUIRE_MESSAGE(WriteTree(tmpl, NormalizePath(c->stack.output), c->tree, &stats, wd), wd.Render());
  return tmpl;
}

void CheckStack(const std::string& stack) {
  if (!HaveKubectl()) {
    MESSAGE("kubectl not found: skipping the kustomize build of " << stack);
    return;
  }
  Compilation c;
  std::string tmp = CompileIntoTemp(stack, &c);
  std::string helm = std::string(KALYPSO_SOURCE_DIR) + "/tests/fake-helm";
  for (const auto& [name, rc] : c.compiled.components) {
    CAPTURE(name);
    std::string dir = tmp + "/" + NormalizePath(c.stack.output) + "/" + InstanceDir(*rc.spec);
    std::string log = tmp + "/helm-" + rc.spec->cluster->name + "-" + rc.spec->name + ".log";
    int status = 0;
    std::string out = Run("FAKE_HELM_LOG='" + log + "' kubectl kustomize --enable-helm --helm-command='" + helm + "' '" + dir + "' 2>&1", &status);
    REQUIRE_MESSAGE(status == 0, out);
    // The Namespace carries the wave; each chart rendered into its namespace.
    CHECK(out.find("argocd.argoproj.io/sync-wave: \"" + std::to_string(rc.wave) + "\"") != std::string::npos);
    HelmCalls calls = ParseLog(Slurp(log));
    REQUIRE(calls.templates.size() == rc.charts.size());
    REQUIRE(calls.values.size() == rc.charts.size());
    for (size_t i = 0; i < rc.charts.size(); ++i) {
      const ChartInstance& ci = rc.charts[i];
      CAPTURE(ci.name);
      // kustomize pulls and templates charts in helmCharts order.
      bool pulled = false;
      for (const auto& p : calls.pulls)
        if (After(p, "--version") == ci.version &&
            ((After(p, "--repo") == ci.repo && std::find(p.begin(), p.end(), ci.name) != p.end()) ||
             std::find(p.begin(), p.end(), ci.repo + "/" + ci.name) != p.end()))  // OCI: one reference
          pulled = true;
      CHECK_MESSAGE(pulled, "no `helm pull` of " << ci.name << " " << ci.version << " from " << ci.repo);
      const auto& t = calls.templates[i];
      REQUIRE(t.size() >= 3);
      CHECK(t[1] == ci.release);
      CHECK(t[2].substr(t[2].rfind('/') + 1) == ci.name);
      CHECK(After(t, "--namespace") == rc.spec->ns);
      std::string values_file = rc.charts.size() == 1 ? "values.yaml" : "values-" + ci.name + ".yaml";
      CHECK(calls.values[i] == Slurp(dir + "/" + values_file));
      CHECK(out.find("name: " + ci.release + "-fake-chart\n  namespace: " + rc.spec->ns) != std::string::npos);
      // What helm was handed parses to exactly the compiled values, with no credential literal.
      Document doc;
      Diags d;
      REQUIRE_MESSAGE(LoadYaml("values", calls.values[i], &doc, d), d.Render());
      CHECK(doc.root == ci.values);
      std::vector<std::string> literals;
      CredentialLiterals(doc.root, "", &literals);
      CHECK_MESSAGE(literals.empty(), literals.front());
    }
  }
  std::string rm = "rm -rf '" + tmp + "'";
  CHECK(std::system(rm.c_str()) == 0);
}

}  // namespace

TEST_CASE("the reference stack builds with kustomize and hands helm the right charts and values") {
  CheckStack("stacks/kalypso.yaml");
}

TEST_CASE("every golden tree builds with kustomize") {
  for (const char* stack : {"tests/cases/minio-release-kalypso-minio/stack.yaml", "tests/cases/minio-release-s3store/stack.yaml",
                            "tests/cases/fleet-rings/stack.yaml", "tests/cases/fleet-app-of-apps/stack.yaml",
                            "examples/fleet/stack.yaml"}) {
    CAPTURE(stack);
    CheckStack(stack);
  }
}

TEST_CASE("the hy-home platform builds with kustomize, resources included") {
  CheckStack("examples/hy-home/stack.yaml");
  // The plain manifests reach kustomize's output with their own kinds.
  for (const auto& [dir, kinds] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"backend", {"Rollout", "DestinationRule", "VirtualService", "HorizontalPodAutoscaler", "NetworkPolicy"}},
           {"metallb", {"IPAddressPool", "L2Advertisement"}},
           {"kyverno", {"ClusterPolicy"}},
           {"cert-manager", {"ClusterIssuer"}}}) {
    if (std::system("kubectl version --client >/dev/null 2>&1") != 0) break;
    // kustomize pulls charts into the directory it builds: build a copy, never the tree.
    char tmpl[] = "/tmp/kalypso-kustomize-XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    std::string copy = std::string(tmpl) + "/" + dir;
    int status = 0;
    Run("cp -r examples/hy-home/out/manifests/" + dir + " '" + copy + "' 2>&1", &status);
    REQUIRE(status == 0);
    std::string out = Run("FAKE_HELM_LOG=/dev/null kubectl kustomize --enable-helm --helm-command='" +
                              std::string(KALYPSO_SOURCE_DIR) + "/tests/fake-helm' '" + copy + "' 2>&1",
                          &status);
    CHECK(std::system(("rm -rf '" + std::string(tmpl) + "'").c_str()) == 0);
    REQUIRE_MESSAGE(status == 0, out);
    for (const auto& kind : kinds) CHECK_MESSAGE(out.find("\nkind: " + kind + "\n") != std::string::npos, dir << ": " << kind);
  }
}

// ../shared/helm: a port of Helm 3.16's template engine serving the real chart sources of
// ../shared/charts. A chart that is not there (mimir-distributed 6.0.4; the made-up charts of
// a golden case) must fail to render naming it, and is listed: never counted as a pass.
// Returns the instances whose charts were unavailable.
std::vector<std::string> RenderWithRealCharts(const std::string& stack, const std::string& helm) {
  Compilation c;
  std::string tmp = CompileIntoTemp(stack, &c);
  std::vector<std::string> rendered, unavailable;
  for (const auto& [id, rc] : c.compiled.components) {
    CAPTURE(id);
    std::string dir = tmp + "/" + NormalizePath(c.stack.output) + "/" + InstanceDir(*rc.spec);
    int status = 0;
    std::string out = Run("kubectl kustomize --enable-helm --helm-command='" + helm + "' '" + dir + "' 2>&1", &status);
    std::string missing;
    for (const auto& ci : rc.charts)
      if (access((std::string(KALYPSO_SOURCE_DIR) + "/../shared/charts/" + ci.name + "-" + ci.version).c_str(), F_OK) != 0)
        missing = ci.name;
    if (!missing.empty()) {
      CHECK_MESSAGE(status != 0, missing << " rendered, but ../shared/charts does not have it: update this test");
      CHECK_MESSAGE(out.find(missing) != std::string::npos, out);
      unavailable.push_back(id);
      continue;
    }
    REQUIRE_MESSAGE(status == 0, out);
    CHECK(out.find("kind: Namespace\nmetadata:\n  annotations:\n    argocd.argoproj.io/sync-wave: \"" + std::to_string(rc.wave)) != std::string::npos);
    // Cross-cluster addresses reach the chart's rendered objects.
    if (rc.spec->name == "kalypso-ebpf") {
      CHECK(out.find("https://tempo-otlp.hub.kalypso.example:443") != std::string::npos);
      CHECK(out.find("https://mimir.hub.kalypso.example:443/otlp") != std::string::npos);
    }
    rendered.push_back(id);
  }
  std::string list;
  for (const auto& id : unavailable) list += " " + id;
  MESSAGE(stack << ": rendered with real charts: " << rendered.size() << " instances; chart unavailable:" << list);
  CHECK(rendered.size() + unavailable.size() == c.compiled.components.size());
  CHECK(std::system(("rm -rf '" + tmp + "'").c_str()) == 0);
  return unavailable;
}

TEST_CASE("fleet trees render with the real charts on every cluster") {
  std::string helm = std::string(KALYPSO_SOURCE_DIR) + "/../shared/helm/helm";
  if (access(helm.c_str(), X_OK) != 0 || std::system("kubectl version --client >/dev/null 2>&1") != 0) {
    MESSAGE("no ../shared/helm or kubectl: skipping the real-chart renders of the fleet trees");
    return;
  }
  CHECK(RenderWithRealCharts("examples/fleet/stack.yaml", helm) == std::vector<std::string>{"hub/kalypso-mimir"});
  CHECK(RenderWithRealCharts("tests/cases/fleet-app-of-apps/stack.yaml", helm).empty());
  // agent and cache are made-up charts (example.org), as in every golden case.
  CHECK(RenderWithRealCharts("tests/cases/fleet-rings/stack.yaml", helm) ==
        std::vector<std::string>{"dev-1/agent", "dev-1/cache", "prod-eu/agent", "prod-us/agent"});
}
