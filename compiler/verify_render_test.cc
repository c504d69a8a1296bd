// Tests of verify's rendering helpers that need no kustomize: splitting kustomize's output
// into objects (CRDs skipped) and running a tool with its output captured.
#include "verify_render.h"

#include <doctest/doctest.h>

using namespace kalypso;

TEST_CASE("kustomize's output becomes objects; CustomResourceDefinitions are skipped unparsed") {
  std::string text =
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n  - port: 80\n---\n"
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\nspec: [unclosed\n---\n"
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  k: dg==\n";
  std::vector<Json> objects;
  std::string error;
  REQUIRE(ParseObjects(text, &objects, &error));
  REQUIRE(objects.size() == 2);
  CHECK(objects[0]["metadata"]["name"] == "a");
  CHECK(objects[0]["spec"]["ports"][0]["port"] == "80");  // scalars stay strings
  CHECK(objects[1]["kind"] == "Secret");
}

TEST_CASE("a malformed document is an error, not a silent skip") {
  std::vector<Json> objects;
  std::string error;
  CHECK_FALSE(ParseObjects("kind: Service\nmetadata: {name: [\n", &objects, &error));
  CHECK(error.find("cannot parse kustomize's output") == 0);
}

TEST_CASE("RunTool captures stdout, stderr and the exit status; a missing tool is 127") {
  std::string out, err;
  CHECK(RunTool({"sh", "-c", "echo out; echo err >&2; exit 3"}, &out, &err) == 3);
  CHECK(out == "out\n");
  CHECK(err == "err\n");
  CHECK(RunTool({"/nonexistent/tool"}, &out, &err) == 127);
}
