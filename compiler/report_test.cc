// Tests of the views the CLI prints: graph (text, dot, mermaid) and the Secrets listing.
#include "report.h"

#include <doctest/doctest.h>

#include "../tests/test_support.h"

using namespace kalypso;
using kalypso::testing::CompileText;
using kalypso::testing::StackText;

static const char* kStack =
    "  s: {kind: minio, credentials: {secret: root}}\n  t: {kind: tempo, storage: s}\n"
    "  g: {kind: grafana, datasources: [t]}\n";

TEST_CASE("graph formats") {
  auto r = CompileText(StackText(kStack), Until::kWire);
  REQUIRE_MESSAGE(r.ok, r.diags);
  CHECK(GraphText(r.c->compiled) == "wave 1:\n  s (s)\nwave 2:\n  t (t) <- s\nwave 3:\n  g (g) <- t\n");
  // Node ids are c<N> (by name: g, s, t), never the names, which may be Mermaid keywords.
  CHECK(GraphMermaid(r.c->compiled) ==
        "flowchart LR\n  subgraph wave1[\"wave 1\"]\n    c2[\"s\"]\n  end\n  subgraph wave2[\"wave 2\"]\n    c3[\"t\"]\n  end\n"
        "  subgraph wave3[\"wave 3\"]\n    c1[\"g\"]\n  end\n  c3 --> c1\n  c2 --> c3\n");
  // One rank per wave, headed by its label; invisible edges keep the waves in order.
  CHECK(GraphDot("t", r.c->compiled) ==
        "digraph \"t\" {\n  rankdir=LR;\n  node [shape=box];\n"
        "  subgraph \"wave1\" {\n    rank=same;\n    \"wave 1\" [shape=plaintext];\n    \"s\";\n  }\n"
        "  subgraph \"wave2\" {\n    rank=same;\n    \"wave 2\" [shape=plaintext];\n    \"t\";\n  }\n"
        "  \"wave 1\" -> \"wave 2\" [style=invis];\n"
        "  subgraph \"wave3\" {\n    rank=same;\n    \"wave 3\" [shape=plaintext];\n    \"g\";\n  }\n"
        "  \"wave 2\" -> \"wave 3\" [style=invis];\n"
        "  \"t\" -> \"g\";\n  \"s\" -> \"t\";\n}\n");
  CHECK(GraphJson(r.c->compiled).find("\"component\": \"g\",\n    \"namespace\": \"g\",\n    \"needs\": [\n      \"t\"\n    ],\n    \"wave\": 3") !=
        std::string::npos);
}

TEST_CASE("the Secrets each namespace must hold") {
  auto r = CompileText(StackText(kStack), Until::kWire);
  REQUIRE_MESSAGE(r.ok, r.diags);
  CHECK(SecretsText(r.c->compiled) ==
        "namespace g:\n  secret g-admin  keys: admin-user, admin-password  (Grafana admin user of 'g')\n\n"
        "namespace s:\n  secret root  keys: rootUser, rootPassword  (MinIO root user of 's')\n"
        "  secret s-user-t  keys: secretKey  (secret key of the MinIO user 't' (read/write on its buckets only))\n\n"
        "namespace t:\n  secret s3-credentials  keys: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY  (S3 keys of the MinIO user 't' on 's' "
        "(AWS_ACCESS_KEY_ID: 't'; AWS_SECRET_ACCESS_KEY: the same value as Secret 's-user-t' in namespace 's'))\n");
}

TEST_CASE("endpoints table") {
  auto r = CompileText(StackText("  s: {kind: minio}\n"), Until::kWire);
  REQUIRE_MESSAGE(r.ok, r.diags);
  CHECK(EndpointsTable(r.c->compiled) ==
        "COMPONENT  ENDPOINT  ADDRESS                                   URL\n"
        "s          console   s-minio-console.s.svc.cluster.local:9001  http://s-minio-console.s.svc.cluster.local:9001\n"
        "s          s3        s-minio.s.svc.cluster.local:9000          http://s-minio.s.svc.cluster.local:9000\n");
}

TEST_CASE("endpoints json names the address other clusters use") {
  auto r = CompileText(
      "stack: t\nrepo: {url: https://example.org/r.git}\nenvironments: [{name: dev}]\n"
      "clusters:\n  hub: {environment: dev, server: 'https://hub:6443', ingressDomain: hub.example}\n"
      "components:\n  s:\n    kind: minio\n    expose: {s3: {host: 's3.{ingressDomain}', port: 443, scheme: https}}\n",
      Until::kWire);
  REQUIRE_MESSAGE(r.ok, r.diags);
  std::string json = EndpointsJson(r.c->compiled);
  CHECK(json.find("\"endpoint\": \"s3\",\n    \"exposed\": {\n      \"address\": \"s3.hub.example:443\",\n"
                  "      \"url\": \"https://s3.hub.example:443\"\n    },") != std::string::npos);
  CHECK(json.find("\"endpoint\": \"console\",\n    \"external\"") != std::string::npos);  // not exposed: no entry
}
