// Every generated ArgoCD object validates against ArgoCD's own CRD schema
// (../shared/argocd-crds, openAPIV3Schema) with unknown fields rejected, as the API
// server would silently drop them.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "compile.h"
#include "../tests/test_support.h"
#include "load.h"
#include "schema_check.h"

using namespace kalypso;
using kalypso::testing::Slurp;

namespace {

std::string CrdDir() {
  const char* env = std::getenv("KALYPSO_ARGOCD_CRDS");
  if (env) return env;
  return std::string(KALYPSO_SOURCE_DIR) + "/tests/argocd-crds";
}

// kind -> the CRD's served schema, objects closed.
const std::map<std::string, SchemaChecker>& Checkers() {
  static std::map<std::string, SchemaChecker> checkers = [] {
    std::map<std::string, SchemaChecker> out;
    for (const char* file : {"application-crd.yaml", "applicationset-crd.yaml", "appproject-crd.yaml"}) {
      std::string path = CrdDir() + "/" + file;
      Document doc;
      Diags diags;
      LoadLimits limits;
      limits.max_nodes = 10000000;
      limits.max_depth = 1000;
      limits.max_string = 1 << 20;
      REQUIRE_MESSAGE(LoadYaml(path, Slurp(path), &doc, diags, limits), diags.Render());
      std::string kind = doc.root["spec"]["names"]["kind"].get<std::string>();
      Json schema = doc.root["spec"]["versions"][0]["schema"]["openAPIV3Schema"];
      out.emplace(kind, SchemaChecker(schema, SchemaChecker::Options{true}));
    }
    return out;
  }();
  return checkers;
}

std::vector<std::string> Validate(const Json& object) {
  std::vector<std::string> problems;
  std::string kind = object.value("kind", std::string());
  auto it = Checkers().find(kind);
  if (it == Checkers().end()) return {"no CRD for kind '" + kind + "'"};
  for (const auto& e : it->second.Check(object)) problems.push_back(e.pointer + ": " + e.message);
  return problems;
}

// Compiles `stack` and validates every object under <output>/argocd/.
void CheckStack(const std::string& stack, size_t min_objects) {
  DiskFileSystem fs;
  Diags diags;
  Compilation c;
  REQUIRE_MESSAGE(Compile(stack, fs, CompileOptions{}, &c, diags), diags.Render());
  size_t objects = 0;
  std::string dir = NormalizePath(c.stack.output) + "/argocd/";
  for (const auto& [path, bytes] : c.tree) {
    if (path.compare(0, dir.size(), dir) != 0 || path.size() < 5 || path.substr(path.size() - 5) != ".yaml") continue;
    CAPTURE(path);
    Document doc;
    Diags d;
    REQUIRE_MESSAGE(LoadYaml(path, bytes, &doc, d), d.Render());
    std::vector<std::string> problems = Validate(doc.root);
    std::string all;
    for (const auto& p : problems) all += p + "\n";
    CHECK_MESSAGE(problems.empty(), all);
    ++objects;
  }
  CHECK(objects >= min_objects);
}

}  // namespace

TEST_CASE("the checker rejects what ArgoCD would drop or refuse") {
  Json appset = {{"apiVersion", "argoproj.io/v1alpha1"},
                 {"kind", "ApplicationSet"},
                 {"metadata", {{"name", "x"}}},
                 {"spec", {{"generators", Json::array()}, {"template", {{"metadata", Json::object()}, {"spec", {{"project", "p"}, {"destination", Json::object()}}}}}, {"strategy", {{"type", "RollingSync"}, {"rollingSync", {{"stepz", Json::array()}}}}}}}};
  std::vector<std::string> problems = Validate(appset);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "/spec/strategy/rollingSync/stepz: unknown property 'stepz' in 'spec.strategy.rollingSync' (did you mean 'steps'?)");
  Json project = {{"apiVersion", "argoproj.io/v1alpha1"}, {"kind", "AppProject"}, {"metadata", {{"name", "x"}}}, {"spec", {{"destinations", Json::array({{{"namespace", 3}}})}}}};
  problems = Validate(project);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "/spec/destinations/0/namespace: 'spec.destinations.0.namespace' must be a string, not an integer");
}

TEST_CASE("the reference stack's ArgoCD objects validate") { CheckStack("stacks/kalypso.yaml", 2); }

TEST_CASE("the hy-home platform's ArgoCD objects validate") { CheckStack("examples/hy-home/stack.yaml", 2); }

// A fleet's RollingSync steps go ring by ring, then wave by wave: each step matches one
// environment and one wave, the (ring, wave) pairs increase, every instance is in exactly one
// step, and a step carries its ring's maxUpdate. (../shared/argocd-appset/check.sh orders
// steps by wave alone, which a fleet's steps restart in every ring.)
void CheckFleetSteps(const std::string& stack) {
  DiskFileSystem fs;
  Diags diags;
  Compilation c;
  REQUIRE_MESSAGE(Compile(stack, fs, CompileOptions{}, &c, diags), diags.Render());
  Document doc;
  Diags d;
  std::string file = NormalizePath(c.stack.output) + "/argocd/applicationset.yaml";
  REQUIRE_MESSAGE(LoadYaml(file, c.tree.at(file), &doc, d), d.Render());
  std::map<std::string, int> ring;
  for (const auto& env : c.stack.environments) ring[env.name] = env.ring;
  std::vector<std::pair<int, int>> order;
  std::map<std::pair<std::string, std::string>, int> matched;  // (environment, wave) -> steps
  for (const auto& step : doc.root["spec"]["strategy"]["rollingSync"]["steps"]) {
    const Json& m = step["matchExpressions"];
    REQUIRE(m.size() == 2);
    CHECK(m[0]["key"] == "kalypso.dev/environment");
    CHECK(m[1]["key"] == "kalypso.dev/wave");
    std::string env = m[0]["values"][0].get<std::string>(), wave = m[1]["values"][0].get<std::string>();
    REQUIRE(ring.count(env));
    order.emplace_back(ring[env], std::stoi(wave));
    ++matched[{env, wave}];
    const Json& max = c.stack.environments[ring[env]].max_update;
    CHECK(step.value("maxUpdate", Json()) == max);
  }
  CHECK(std::is_sorted(order.begin(), order.end()));
  CHECK(std::adjacent_find(order.begin(), order.end()) == order.end());
  for (const auto& [id, rc] : c.compiled.components) {
    CAPTURE(id);
    CHECK(matched[{rc.spec->cluster->environment, std::to_string(rc.wave)}] == 1);
  }
}

TEST_CASE("a fleet's RollingSync steps go ring by ring, wave by wave") {
  CheckFleetSteps("tests/cases/fleet-rings/stack.yaml");
  CheckFleetSteps("examples/fleet/stack.yaml");
}

TEST_CASE("a fleet's ArgoCD objects validate") {
  CheckStack("tests/cases/fleet-rings/stack.yaml", 2);
  CheckStack("tests/cases/fleet-app-of-apps/stack.yaml", 7);  // project, 2 parents, 4 children
  CheckStack("examples/fleet/stack.yaml", 2);
}

TEST_CASE("every ordering mode's ArgoCD objects validate") {
  CheckStack("tests/cases/ordering-app-of-apps/stack.yaml", 5);  // project, parent, 3 children
  CheckStack("tests/cases/ordering-none/stack.yaml", 2);
  CheckStack("tests/cases/secrets-store/stack.yaml", 2);        // templatePatch with sync options
}
