// Tests of the bounded Jsonnet evaluation: results, errors, a runaway program stopped by
// the time limit and one stopped by the memory limit.
#include "jsonnet_vm.h"

#include <doctest/doctest.h>

using namespace kalypso;

TEST_CASE("evaluates in a child process and returns the JSON") {
  JsonnetOutcome out = EvaluateJsonnet("t", "{ a: 1 + 1 }", {});
  CHECK(out.status == JsonnetOutcome::kOk);
  CHECK(out.text == "{\n   \"a\": 2\n}\n");
}

TEST_CASE("a Jsonnet error comes back as libjsonnet's message") {
  JsonnetOutcome out = EvaluateJsonnet("t", "error 'boom'", {});
  CHECK(out.status == JsonnetOutcome::kError);
  CHECK(out.text.find("RUNTIME ERROR: boom") == 0);
}

TEST_CASE("imports are refused: everything must come through the bundle") {
  JsonnetOutcome out = EvaluateJsonnet("t", "import '/etc/passwd'", {});
  CHECK(out.status == JsonnetOutcome::kError);
  CHECK(out.text.find("was not bundled") != std::string::npos);
}

TEST_CASE("a program that runs too long is stopped at the time limit") {
  JsonnetLimits limits;
  limits.timeout_ms = 300;
  // Deep in work, shallow in stack: max_stack does not stop it.
  JsonnetOutcome out = EvaluateJsonnet("t", "std.foldl(function(a, b) a + b, std.range(1, 100000000), 0)", limits);
  CHECK(out.status == JsonnetOutcome::kTimeout);
  CHECK(out.text == "evaluation did not finish within 0.30 s and was stopped");
}

TEST_CASE("deep recursion stops at max_stack") {
  JsonnetLimits limits;
  limits.max_stack = 50;
  JsonnetOutcome out = EvaluateJsonnet("t", "local f(n) = f(n + 1); f(0)", limits);
  CHECK(out.status == JsonnetOutcome::kError);
  CHECK(out.text.find("max stack frames exceeded") != std::string::npos);
}
