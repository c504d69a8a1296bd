// Tests of the bundler on real files: imports become locals with columns kept, the
// program evaluates to what separate imports would give, errors map back to their file.
#include "jsonnet_bundle.h"

#include <doctest/doctest.h>

#include "jsonnet_vm.h"
#include "../tests/test_support.h"

using namespace kalypso;
using kalypso::testing::TempDir;

TEST_CASE("imports are replaced in place by locals and the program evaluates") {
  TempDir d;
  d.Write("lib.libsonnet", "{ x: @'it''s', text: importstr 'note.txt' }\n");
  d.Write("note.txt", "hello\n");
  std::string main = d.Write("main.jsonnet",
                             "local l = import 'lib.libsonnet';  // import 'not-this.libsonnet'\n"
                             "{ a: l.x, b: l.text, c: \"import 'nor-this'\", d: (import \"lib.libsonnet\").x }\n");
  Diags diags;
  JsonnetBundle b({{d.path, "stacks"}}, diags);
  std::string name = b.AddFile(main, "stacks/main.jsonnet", {"x", 0, 0});
  REQUIRE(!diags.HasErrors());
  std::string program = b.Program(name);
  // Line 1 of main.jsonnet keeps its length and the comment keeps its text.
  CHECK(program.find("local l = __k1                  ;  // import 'not-this.libsonnet'\n") != std::string::npos);
  JsonnetOutcome out = EvaluateJsonnet("kalypso-bundle", program, {});
  INFO(out.text);
  INFO(program);
  REQUIRE(out.status == JsonnetOutcome::kOk);
  CHECK(out.text.find("\"a\": \"it's\"") != std::string::npos);
  CHECK(out.text.find("\"b\": \"hello\\n\"") != std::string::npos);
  CHECK(out.text.find("\"c\": \"import 'nor-this'\"") != std::string::npos);
  CHECK(b.Files().size() == 3);
}

TEST_CASE("a position in the program maps back to its file, line and column") {
  TempDir d;
  d.Write("lib.libsonnet", "{\n  x: 1,\n  y: error 'bad',\n}\n");
  std::string main = d.Write("main.jsonnet", "local l = import 'lib.libsonnet';\nl.y\n");
  Diags diags;
  JsonnetBundle b({{d.path, "stacks"}}, diags);
  std::string name = b.AddFile(main, "stacks/main.jsonnet", {"x", 0, 0});
  std::string program = b.Program(name);
  int line = 1;
  size_t at = program.find("error 'bad'");
  for (size_t k = 0; k < at; ++k) line += program[k] == '\n';
  Location loc;
  REQUIRE(b.MapBack(line, 6, &loc));
  CHECK(loc.file == "stacks/lib.libsonnet");
  CHECK(loc.line == 3);
  CHECK(loc.col == 6);
}

TEST_CASE("imports outside the roots, missing files and unterminated strings are errors at the import") {
  TempDir d, other;
  other.Write("secret.libsonnet", "{}");
  std::string main = d.Write("main.jsonnet", "[\n  import '" + other.path + "/secret.libsonnet',\n  import 'nope.libsonnet',\n]\n");
  std::string bad = d.Write("bad.jsonnet", "{ a: 'open }\n");
  Diags diags;
  JsonnetBundle b({{d.path, "stacks"}}, diags);
  CHECK(b.AddFile(main, "stacks/main.jsonnet", {"x", 0, 0}).empty());
  CHECK(b.AddFile(bad, "stacks/bad.jsonnet", {"x", 0, 0}).empty());
  std::string text = diags.Render();
  CHECK(text.find("stacks/main.jsonnet:2:3: error: import '" + other.path +
                  "/secret.libsonnet' resolves outside the stack's directory and the stdlib") != std::string::npos);
  CHECK(text.find("stacks/main.jsonnet:3:3: error: cannot find import 'nope.libsonnet'") != std::string::npos);
  CHECK(text.find("stacks/bad.jsonnet:1:6: error: jsonnet: unterminated string") != std::string::npos);
}
