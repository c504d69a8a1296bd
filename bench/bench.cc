// Benchmark of kalypsoc as users run it: separate processes, wall time and peak memory
// for full and no-op builds, against one bare libjsonnet evaluation of `{}` in the same run.
//
//   kalypso_bench KALYPSOC STDLIB_DIR REFERENCE_STACK [RUNS]
//   kalypso_bench --bare-eval          (the baseline: evaluates `{}` once and exits)
//   kalypso_bench --stack N [CLUSTERS] (prints the synthetic stack of N components, on
//                                       CLUSTERS clusters when given: for profiling)
extern "C" {
#include <libjsonnet.h>
}
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

struct Sample {
  double ms = 0;
  long peak_kb = 0;
};

// Runs argv in `dir` (stdout/stderr to /dev/null); wall time and the child's peak RSS.
Sample RunOnce(const std::vector<std::string>& argv, const std::string& dir) {
  // posix_spawn (vfork semantics): the measurement does not pay for copying this process.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
    std::fprintf(stderr, "bench: cannot run '%s'\n", argv[0].c_str());
    std::exit(1);
  }
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  Sample s;
  s.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  s.peak_kb = ru.ru_maxrss;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "bench: '%s' failed in %s (status %d)\n", argv[0].c_str(), dir.c_str(), status);
    std::exit(1);
  }
  return s;
}

// Median wall time and the largest peak memory of `runs` runs.
Sample Measure(const std::vector<std::string>& argv, const std::string& dir, int runs) {
  std::vector<double> times;
  long peak = 0;
  for (int i = 0; i < runs; ++i) {
    Sample s = RunOnce(argv, dir);
    times.push_back(s.ms);
    peak = std::max(peak, s.peak_kb);
  }
  std::sort(times.begin(), times.end());
  return {times[times.size() / 2], peak};
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// The components of a synthetic stack, `n` of them in groups of ten, shaped like real
// platforms: per group a MinIO, Mimir/Loki/Tempo on it, a Grafana over them, and five apps
// (kind helm) in a needs-chain whose values reference the group's endpoints. In a fleet
// (`fleet`), the apps also carry an environment and a cluster override layer (SPEC 10).
std::string SyntheticComponents(int n, bool fleet) {
  std::string s = "components:\n";
  int made = 0;
  for (int g = 0; made < n; ++g) {
    std::string G = std::to_string(g);
    auto add = [&](const std::string& text) {
      if (made < n) {
        s += text;
        ++made;
      }
    };
    add("  minio-" + G + ":\n    kind: minio\n    credentials: {secret: minio-root}\n");
    add("  mimir-" + G + ":\n    kind: mimir\n    storage: minio-" + G +
        "\n    values:\n      kafka: {enabled: false}\n      mimir: {structuredConfig: {ingest_storage: {enabled: false}}}\n");
    add("  loki-" + G + ":\n    kind: loki\n    storage: minio-" + G + "\n");
    add("  tempo-" + G + ":\n    kind: tempo\n    storage: minio-" + G + "\n");
    add("  grafana-" + G + ":\n    kind: grafana\n    datasources: [" + (made > 1 ? "mimir-" + G : "") +
        (made > 2 ? ", loki-" + G : "") + (made > 3 ? ", tempo-" + G : "") + "]\n");
    for (int a = 1; a <= 5; ++a) {
      std::string name = "app-" + G + "-" + std::to_string(a);
      std::string needs = a > 1 ? "    needs: [app-" + G + "-" + std::to_string(a - 1) + "]\n" : "";
      std::string layers = fleet ? "    environments: {prod: {values: {replicas: " + std::to_string(a + 2) +
                                       "}}}\n    clusters: {cluster-0: {values: {replicas: 1}}}\n"
                                 : "";
      add("  " + name + ":\n    kind: helm\n    chart: {name: app, repo: https://example.org/charts, version: 1.0." +
          std::to_string(a) + "}\n    exports: {http: {service: '{fullname}', port: 8080}}\n" + needs +
          "    values:\n      logs: ${loki-" + G + ".push.url}\n      traces: ${tempo-" + G +
          ".otlp-grpc}\n      replicas: " + std::to_string(a) + "\n" + layers);
    }
  }
  // The grafana of a group cut short may list fewer datasources; drop an empty list.
  for (size_t p; (p = s.find("    datasources: []\n")) != std::string::npos;) s.erase(p, 20);
  return s;
}

const char kSyntheticHead[] =
    "\nrepo: {url: https://example.org/platform.git, revision: HEAD}\noutput: out\n"
    "policy: {forbid: [alloy, kafka, bundled-minio], plaintextCredentials: error}\n";

// A one-cluster synthetic stack of `n` components (SPEC section 5).
std::string SyntheticStack(int n) {
  return "stack: synthetic-" + std::to_string(n) + kSyntheticHead + SyntheticComponents(n, false);
}

// A fleet (SPEC section 10) of `clusters` clusters, each running the same `n` components:
// three rings (dev, staging, prod), cluster i in ring i % 3, every tenth with its own
// clusterDomain, labels by region.
std::string FleetStack(int clusters, int n) {
  std::string s = "stack: fleet-" + std::to_string(clusters) + "x" + std::to_string(n) + kSyntheticHead +
                  "environments:\n  - {name: dev}\n  - {name: staging}\n  - {name: prod, maxUpdate: 25%}\n"
                  "clusters:\n";
  const char* envs[] = {"dev", "staging", "prod"};
  const char* regions[] = {"eu", "us", "ap"};
  for (int i = 0; i < clusters; ++i) {
    std::string I = std::to_string(i);
    s += "  cluster-" + I + ": {environment: " + envs[i % 3] + ", server: 'https://10." + std::to_string(i / 250) +
         "." + std::to_string(i % 250) + ".1:6443', labels: {region: " + regions[(i / 3) % 3] + "}" +
         (i % 10 == 9 ? ", clusterDomain: c" + I + ".local" : "") + "}\n";
  }
  return s + SyntheticComponents(n, true);
}

int BareEval() {
  JsonnetVm* vm = jsonnet_make();
  int error = 0;
  char* out = jsonnet_evaluate_snippet(vm, "bare", "{}", &error);
  jsonnet_realloc(vm, out, 0);
  jsonnet_destroy(vm);
  return error;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "--bare-eval") return BareEval();
  if (argc >= 3 && std::string(argv[1]) == "--stack") {  // prints a generated stack (profiling)
    int n = std::atoi(argv[2]), clusters = argc > 3 ? std::atoi(argv[3]) : 0;
    std::fputs((clusters > 0 ? FleetStack(clusters, n) : SyntheticStack(n)).c_str(), stdout);
    return 0;
  }
  if (argc < 4) {
    std::fprintf(stderr, "usage: kalypso_bench KALYPSOC STDLIB_DIR REFERENCE_STACK [RUNS]\n");
    return 2;
  }
  char buf[4096];
  auto absolute = [&](const char* p) { return std::string(realpath(p, buf) ? buf : p); };
  std::string kalypsoc = absolute(argv[1]), stdlib = absolute(argv[2]), reference = argv[3];
  int runs = argc > 4 ? std::max(1, std::atoi(argv[4])) : 11;
  char self[4096];
  ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  if (len <= 0) return 1;
  self[len] = 0;

  char tmpl[] = "/tmp/kalypso-bench-XXXXXX";
  std::string root = mkdtemp(tmpl);
  setenv("KALYPSO_CACHE_DIR", (root + "/cache").c_str(), 1);
  std::ifstream ref(reference, std::ios::binary);
  std::string ref_text((std::istreambuf_iterator<char>(ref)), std::istreambuf_iterator<char>());

  struct Case {
    std::string name, text;
    int components;
  };
  std::vector<Case> cases = {{"reference", ref_text, 8}};
  for (int n : {10, 100, 1000}) cases.push_back({"synthetic-" + std::to_string(n), SyntheticStack(n), n});

  Sample bare = Measure({self, "--bare-eval"}, root, runs);
  std::printf("baseline: one bare libjsonnet evaluation of {} (own process): %.1f ms, peak %.1f MB\n\n", bare.ms,
              bare.peak_kb / 1024.0);
  std::printf("%-15s %6s %12s %10s %10s %12s %10s\n", "stack", "comps", "full build", "peak mem", "full/bare",
              "after edit", "no-op");
  double full100 = 0, full1000 = 0;
  for (const auto& c : cases) {
    std::string dir = root + "/" + c.name;
    mkdir(dir.c_str(), 0755);
    mkdir((dir + "/.git").c_str(), 0755);
    WriteFile(dir + "/stack.yaml", c.text);
    Sample full = Measure({kalypsoc, "--stdlib", stdlib, "build", "--full", "stack.yaml"}, dir, runs);
    RunOnce({kalypsoc, "--stdlib", stdlib, "build", "stack.yaml"}, dir);  // records the stamp
    // The pre-commit case: the stack was edited (a comment), the stdlib was not: a full
    // compile whose stdlib catalog comes from the cache.
    std::vector<double> edits;
    for (int i = 0; i < runs; ++i) {
      std::ofstream(dir + "/stack.yaml", std::ios::app) << "# edit " << i << "\n";
      edits.push_back(RunOnce({kalypsoc, "--stdlib", stdlib, "build", "stack.yaml"}, dir).ms);
    }
    std::sort(edits.begin(), edits.end());
    Sample noop = Measure({kalypsoc, "--stdlib", stdlib, "build", "stack.yaml"}, dir, runs);
    std::printf("%-15s %6d %9.1f ms %7.1f MB %9.2fx %9.1f ms %7.2f ms\n", c.name.c_str(), c.components, full.ms,
                full.peak_kb / 1024.0, full.ms / bare.ms, edits[edits.size() / 2], noop.ms);
    if (c.components == 100) full100 = full.ms;
    if (c.components == 1000) full1000 = full.ms;
  }
  std::printf("\ngrowth 100 -> 1000 components: %.2fx the time for 10x the components\n", full1000 / full100);
  std::printf("(median of %d runs each; full build = build --full: stdlib evaluated; after edit = build after a\n"
              " change to the stack only: stdlib catalog from cache; no-op = nothing changed; peak = max RSS)\n",
              runs);
  std::string cleanup = "rm -rf '" + root + "'";
  return std::system(cleanup.c_str()) == 0 ? 0 : 1;
}
