// Tests of which stacks a change affects (the pre-commit hooks' rule).
#include "repo_config.h"

#include <doctest/doctest.h>

using namespace kalypso;

TEST_CASE("a change affects a stack through its inputs or its generated tree") {
  std::set<std::string> inputs = {"/r/teams/beta/obs.jsonnet", "/r/teams/beta/lib/parts.libsonnet", "/r/shared/q.yaml"};
  CHECK(Affects({"/r/teams/beta/lib/parts.libsonnet"}, inputs, "/r/out-beta"));
  CHECK(Affects({"/r/README.md", "/r/shared/q.yaml"}, inputs, "/r/out-beta"));
  CHECK(Affects({"/r/out-beta/argocd/project.yaml"}, inputs, "/r/out-beta"));
  CHECK_FALSE(Affects({"/r/out-betamax/x.yaml"}, inputs, "/r/out-beta"));
  CHECK_FALSE(Affects({"/r/teams/beta/lib/other.libsonnet"}, inputs, "/r/out-beta"));
  CHECK_FALSE(Affects({}, inputs, "/r/out-beta"));
}
