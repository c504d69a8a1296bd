// The reference tree rendered with the real chart templates (kubectl kustomize --enable-helm
// with ../shared/helm, which serves ../shared/charts offline): the telemetry Collector's
// exporters name Services and ports that Tempo and Loki really render; MinIO's rendered
// post-install config creates one user per consumer with a policy naming exactly its buckets.
// mimir-distributed 6.0.4 is not in ../shared/charts: its render must fail with the helm's
// "not found" (never a silent pass), and its exporter is checked against the stdlib export.
// A missing ../shared/helm fails; without kubectl the tests say they skip (SPEC: the real
// kustomize where installed).
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <regex>
#include <set>

#include "compile.h"
#include "../tests/test_support.h"

using namespace kalypso;
using kalypso::testing::Run;

namespace {

const std::string kHelm = std::string(KALYPSO_SOURCE_DIR) + "/../shared/helm/helm";

// The tools a render needs: ../shared/helm must be there (a missing one fails); without
// kubectl the real kustomize cannot run here, and the test says it skips (as kustomize_test).
bool HaveTools() {
  REQUIRE_MESSAGE(std::system(("test -x " + kHelm).c_str()) == 0, "no helm at " << kHelm << ": ../shared/helm/build.sh builds it");
  if (std::system("kubectl version --client >/dev/null 2>&1") == 0) return true;
  MESSAGE("kubectl not found: skipping the render with the real charts");
  return false;
}

// Renders out/manifests/<component> from a copy (kustomize caches charts beside the
// kustomization), as ArgoCD would.
std::vector<YAML::Node> Render(const std::string& component, int* status, std::string* text = nullptr) {
  std::string src = std::string(KALYPSO_SOURCE_DIR) + "/out/manifests/" + component;
  std::string cmd = "d=$(mktemp -d) && cp -r " + src + "/. \"$d\" && kubectl kustomize --enable-helm --helm-command " + kHelm +
                    " \"$d\" 2>&1; s=$?; rm -rf \"$d\"; exit $s";
  std::string out = Run(cmd, status);
  if (text) *text = out;
  std::vector<YAML::Node> docs;
  if (*status == 0)
    for (const auto& d : YAML::LoadAll(out))
      if (d.IsMap()) docs.push_back(d);
  return docs;
}

// "name.ns" -> ports of every rendered Service.
std::map<std::string, std::set<int>> Services(const std::vector<YAML::Node>& docs, const std::string& ns) {
  std::map<std::string, std::set<int>> out;
  for (const auto& d : docs)
    if (d["kind"].as<std::string>() == "Service")
      for (const auto& p : d["spec"]["ports"]) out[d["metadata"]["name"].as<std::string>() + "." + ns].insert(p["port"].as<int>());
  return out;
}

const YAML::Node* Find(const std::vector<YAML::Node>& docs, const std::string& kind, const std::string& name) {
  for (const auto& d : docs)
    if (d["kind"].as<std::string>() == kind && d["metadata"]["name"].as<std::string>() == name) return &d;
  return nullptr;
}

}  // namespace

TEST_CASE("the Collector's exporters name Services and ports the real charts render") {
  if (!HaveTools()) return;
  int status = 0;
  std::vector<YAML::Node> telemetry = Render("kalypso-telemetry", &status);
  REQUIRE(status == 0);
  const YAML::Node* cm = Find(telemetry, "ConfigMap", "kalypso-telemetry-otel-collector");
  REQUIRE(cm != nullptr);
  YAML::Node config = YAML::Load((*cm)["data"]["config.yaml"].as<std::string>());
  std::map<std::string, std::set<int>> rendered;
  for (const char* c : {"kalypso-tempo:tempo", "kalypso-loki:loki", "kalypso-telemetry:telemetry"}) {
    std::string comp(c);
    auto docs = Render(comp.substr(0, comp.find(':')), &status);
    REQUIRE(status == 0);
    for (const auto& kv : Services(docs, comp.substr(comp.find(':') + 1))) rendered[kv.first] = kv.second;
  }
  // Mimir: the chart is not available offline; the render says so instead of passing.
  std::string mimir_out;
  Render("kalypso-mimir", &status, &mimir_out);
  CHECK(status != 0);
  CHECK(mimir_out.find("not found") != std::string::npos);
  rendered["kalypso-mimir-gateway.mimir"].insert(80);  // stdlib/mimir.libsonnet export, unrendered

  std::map<std::string, std::string> pipeline_exporter;
  for (const auto& p : config["service"]["pipelines"])
    pipeline_exporter[p.first.as<std::string>()] = p.second["exporters"][0].as<std::string>();
  CHECK(pipeline_exporter == std::map<std::string, std::string>{{"logs", "otlphttp/kalypso-loki"},
                                                                {"metrics", "prometheusremotewrite/kalypso-mimir"},
                                                                {"traces", "otlp/kalypso-tempo"}});
  std::regex addr(R"(^(?:[a-z]+://)?([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local:([0-9]+)(/.*)?$)");
  for (const auto& [signal, name] : pipeline_exporter) {
    CAPTURE(name);
    const YAML::Node e = config["exporters"][name];
    std::string endpoint = e["endpoint"] ? e["endpoint"].as<std::string>() : e["logs_endpoint"].as<std::string>();
    std::smatch m;
    REQUIRE(std::regex_match(endpoint, m, addr));
    std::string svc = m[1].str() + "." + m[2].str();
    REQUIRE(rendered.count(svc));
    CHECK(rendered[svc].count(std::stoi(m[3].str())));
  }
  CHECK(config["exporters"]["otlphttp/kalypso-loki"]["logs_endpoint"].as<std::string>() ==
        "http://kalypso-loki-gateway.loki.svc.cluster.local:80/otlp/v1/logs");
  CHECK(config["exporters"]["prometheusremotewrite/kalypso-mimir"]["endpoint"].as<std::string>() ==
        "http://kalypso-mimir-gateway.mimir.svc.cluster.local:80/api/v1/push");

  // The eBPF instrumentation sends to the Collector's rendered Service.
  const YAML::Node* obi = Find(telemetry, "ConfigMap", "kalypso-telemetry-opentelemetry-ebpf-instrumentation");
  REQUIRE(obi != nullptr);
  YAML::Node obi_config = YAML::Load((*obi)["data"]["ebpf-instrument-config.yml"].as<std::string>());
  CHECK(obi_config["otel_traces_export"]["endpoint"].as<std::string>() ==
        "http://kalypso-telemetry-otel-collector.telemetry.svc.cluster.local:4317");
  CHECK(rendered["kalypso-telemetry-otel-collector.telemetry"] == std::set<int>{4317, 4318});
}

TEST_CASE("MinIO's rendered config creates one user per consumer with a policy naming exactly its buckets") {
  if (!HaveTools()) return;
  int status = 0;
  std::vector<YAML::Node> docs = Render("kalypso-minio", &status);
  REQUIRE(status == 0);
  const YAML::Node* cm = Find(docs, "ConfigMap", "kalypso-minio");
  REQUIRE(cm != nullptr);
  const YAML::Node data = (*cm)["data"];
  std::map<std::string, std::set<std::string>> want = {
      {"kalypso-loki", {"loki-chunks", "loki-ruler"}},  // no admin bucket (enterprise Admin API only)
      {"kalypso-mimir", {"mimir-alertmanager", "mimir-blocks", "mimir-ruler"}},
      {"kalypso-pyroscope", {"pyroscope-profiles"}},
      {"kalypso-tempo", {"tempo-traces"}}};
  // add-user: per user, the access key, the secret key from its own Secret, its policy.
  std::string add_user = data["add-user"].as<std::string>() + "\n";  // `|-` drops the last newline
  for (const auto& [user, buckets] : want) {
    CAPTURE(user);
    CHECK(add_user.find("echo " + user + " > $MINIO_ACCESSKEY_SECRETKEY_TMP\ncat /config/secrets/kalypso-minio-user-" + user +
                        "/secretKey >> $MINIO_ACCESSKEY_SECRETKEY_TMP") != std::string::npos);
    CHECK(add_user.find("createUser " + user + "\n") != std::string::npos);
  }
  // policy_<i>.json: the named policy's Resources are exactly the user's buckets and objects.
  std::map<std::string, std::set<std::string>> got;
  std::string add_policy = data["add-policy"].as<std::string>();
  std::regex create(R"(createPolicy ([a-z0-9-]+) (policy_[0-9]+))");
  for (std::sregex_iterator it(add_policy.begin(), add_policy.end(), create), end; it != end; ++it) {
    YAML::Node policy = YAML::Load(data[(*it)[2].str() + ".json"].as<std::string>());
    std::set<std::string> buckets;
    for (const auto& st : policy["Statement"])
      for (const auto& r : st["Resource"]) {
        std::string arn = r.as<std::string>().substr(std::string("arn:aws:s3:::").size());
        buckets.insert(arn.substr(0, arn.find('/')));
      }
    got[(*it)[1].str()] = buckets;
  }
  CHECK(got == want);
  // The post-install Job mounts each user's Secret.
  const YAML::Node* job = Find(docs, "Job", "kalypso-minio-post-job");
  REQUIRE(job != nullptr);
  std::set<std::string> mounted;
  for (const auto& v : (*job)["spec"]["template"]["spec"]["volumes"])
    if (v["projected"])
      for (const auto& s : v["projected"]["sources"])
        if (s["secret"]) mounted.insert(s["secret"]["name"].as<std::string>());
  for (const auto& [user, buckets] : want) CHECK(mounted.count("kalypso-minio-user-" + user));
}
