// Tests of the platform comparison on stacks compiled in memory: which facts changed, who
// follows a moved endpoint, the noise filter, and where a generated file belongs.
#include "platform_diff.h"

#include <doctest/doctest.h>

#include "../tests/test_support.h"

using namespace kalypso;
using kalypso::testing::CompileText;
using kalypso::testing::StackText;

namespace {

const char* kDb =
    "  db:\n    kind: helm\n    release: db\n    chart: {name: db, repo: https://example.org/c, version: 1.0.0}\n"
    "    exports: {sql: {service: '{fullname}', port: 5432}}\n";
const char* kApp =
    "  app:\n    kind: helm\n    chart: {name: app, repo: https://example.org/c, version: 1.0.0}\n"
    "    values: {dsn: '${db.sql}'}\n";

StackDiff DiffTexts(const std::string& before, const std::string& after, DiffOptions options = {}) {
  auto a = CompileText(StackText(before)), b = CompileText(StackText(after));
  REQUIRE_MESSAGE(a.ok, a.diags);
  REQUIRE_MESSAGE(b.ok, b.diags);
  Platform pa = PlatformOf(*a.c), pb = PlatformOf(*b.c);
  return DiffPlatforms("stack.yaml", &pa, &pb, options);
}

}  // namespace

TEST_CASE("a release rename moves the endpoint and its consumer follows") {
  std::string renamed = kDb;
  renamed.replace(renamed.find("release: db"), 11, "release: pg");
  StackDiff d = DiffTexts(std::string(kDb) + kApp, renamed + kApp);
  CHECK(d.status == "changed");
  REQUIRE(d.instances.size() == 2);
  CHECK(d.instances[0].key == "app");
  CHECK(d.instances[0].changes[0].kind == "values");
  CHECK(d.instances[1].key == "db");
  CHECK(d.instances[1].changes[0].kind == "release");
  CHECK(d.instances[1].changes[0].before == "db");
  CHECK(d.instances[1].changes[0].after == "pg");
  REQUIRE(d.endpoints.size() == 1);
  CHECK(d.endpoints[0].before == "http://db.db.svc.cluster.local:5432");
  CHECK(d.endpoints[0].after == "http://pg-db.db.svc.cluster.local:5432");
  CHECK(d.endpoints[0].followers == std::vector<std::string>{"app"});
  CHECK(d.endpoints[0].stale.empty());
}

TEST_CASE("a consumer that still names the old host by hand is reported") {
  std::string renamed = kDb, app = kApp;
  renamed.replace(renamed.find("release: db"), 11, "release: pg");
  app.replace(app.find("'${db.sql}'"), 11, "'${db.sql}', backup: 'db.db.svc.cluster.local:5432'");
  StackDiff d = DiffTexts(std::string(kDb) + app, renamed + app);
  REQUIRE(d.endpoints.size() == 1);
  CHECK(d.endpoints[0].stale == std::vector<std::string>{"app"});
}

TEST_CASE("nothing changed: no instance, no file") {
  StackDiff d = DiffTexts(std::string(kDb) + kApp, std::string(kDb) + kApp);
  CHECK(d.status == "unchanged");
  CHECK(d.unchanged == 2);
  CHECK(d.files.empty());
}

TEST_CASE("a stack missing on one side is all added or all removed") {
  auto a = CompileText(StackText(kDb));
  REQUIRE(a.ok);
  Platform p = PlatformOf(*a.c);
  StackDiff added = DiffPlatforms("s", nullptr, &p, {});
  CHECK(added.status == "added");
  CHECK(added.instances.size() == 1);
  CHECK(added.instances[0].status == "added");
  for (const auto& f : added.files) CHECK(f.status == "added");
  CHECK(DiffPlatforms("s", &p, nullptr, {}).status == "removed");
}

TEST_CASE("label churn of chart upgrades is masked line by line") {
  std::string before = "labels:\n  helm.sh/chart: x-1.0\n  app: x\n  app.kubernetes.io/version: 1.0\n";
  std::string after = "labels:\n  helm.sh/chart: x-1.1\n  app: y\n  app.kubernetes.io/version: 1.1\n";
  int hidden = 0;
  CHECK(MaskNoise(before, after, &hidden) == "labels:\n  helm.sh/chart: x-1.0\n  app: y\n  app.kubernetes.io/version: 1.0\n");
  CHECK(hidden == 2);
  // A label that is new, not churned, stays visible.
  hidden = 0;
  CHECK(MaskNoise("a: 1\n", "a: 1\nhelm.sh/chart: x\n", &hidden) == "a: 1\nhelm.sh/chart: x\n");
  CHECK(hidden == 0);
}

TEST_CASE("generated files belong to their instance") {
  std::string file;
  CHECK(InstanceOfPath("out", "out/manifests/db/values.yaml", &file) == "db");
  CHECK(file == "values.yaml");
  CHECK(InstanceOfPath("out", "out/clusters/prod-eu/manifests/db/values.yaml", &file) == "prod-eu/db");
  CHECK(InstanceOfPath("out", "out/argocd/project.yaml", &file).empty());
}

TEST_CASE("a fleet's Secrets are told apart by cluster") {
  auto fleet = [](const std::string& minio_b) {
    return "stack: t\nrepo: {url: https://example.org/r.git}\nenvironments: [{name: dev}]\n"
           "clusters:\n  a: {environment: dev, server: 'https://a:6443'}\n  b: {environment: dev, server: 'https://b:6443'}\n"
           "components:\n  minio:\n    kind: minio\n" + minio_b;
  };
  auto a = CompileText(fleet("")), b = CompileText(fleet("    clusters: {b: {enabled: false}}\n"));
  REQUIRE_MESSAGE(a.ok, a.diags);
  REQUIRE_MESSAGE(b.ok, b.diags);
  Platform pa = PlatformOf(*a.c), pb = PlatformOf(*b.c);
  StackDiff d = DiffPlatforms("stack.yaml", &pa, &pb, {});
  REQUIRE(!d.secrets.empty());
  for (const auto& s : d.secrets) {
    CHECK(s.cluster == "b");  // cluster a keeps the very same Secret: not a change
    CHECK(s.status == "removed");
  }
}
