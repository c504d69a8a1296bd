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
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace {

struct Sample {
  double ms = 0;
  long peak_kb = 0;
};

// Runs argv in `dir` (stdout/stderr to /dev/null); wall time and the child's peak RSS.
// A run that fails returns ms < 0, or ends the benchmark when `must_succeed`.
Sample RunOnce(const std::vector<std::string>& argv, const std::string& dir, bool must_succeed = true) {
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
    if (!must_succeed) return {-1, 0};
    std::fprintf(stderr, "bench: '%s' failed in %s (status %d)\n", argv[0].c_str(), dir.c_str(), status);
    std::exit(1);
  }
  return s;
}

// Median wall time and the largest peak memory of `runs` runs; `before` runs first each
// time, unmeasured (e.g. an edit of the stack).
Sample Measure(const std::vector<std::string>& argv, const std::string& dir, int runs,
               const std::function<void(int)>& before = nullptr) {
  std::vector<double> times;
  long peak = 0;
  for (int i = 0; i < runs; ++i) {
    if (before) before(i);
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
    int instances;
  };
  std::vector<Case> cases = {{"reference", ref_text, 8}};
  for (int n : {10, 100, 1000, 3000}) cases.push_back({"synthetic-" + std::to_string(n), SyntheticStack(n), n});
  // Fleets (SPEC 10): 30 components on 10 and on 100 clusters.
  for (int clusters : {10, 100})
    cases.push_back({"fleet-" + std::to_string(clusters) + "x30", FleetStack(clusters, 30), clusters * 30});

  Sample bare = Measure({self, "--bare-eval"}, root, runs);
  std::printf("baseline: one bare libjsonnet evaluation of {} (own process): %.1f ms, peak %.1f MB\n\n", bare.ms,
              bare.peak_kb / 1024.0);
  std::printf("%-16s %9s %11s %9s %9s %11s %9s %9s %9s\n", "stack", "instances", "full build", "full/bare", "peak mem",
              "after edit", "edit/bare", "peak mem", "no-op");
  std::map<std::string, double> edit_ms;
  for (const auto& c : cases) {
    std::string dir = root + "/" + c.name;
    mkdir(dir.c_str(), 0755);
    mkdir((dir + "/.git").c_str(), 0755);
    WriteFile(dir + "/stack.yaml", c.text);
    std::vector<std::string> build = {kalypsoc, "--stdlib", stdlib, "build", "stack.yaml"};
    if (RunOnce(build, dir, false).ms < 0) {  // records the stamp and the catalog cache
      std::printf("%-16s %9d   does not build with this kalypsoc\n", c.name.c_str(), c.instances);
      continue;
    }
    std::vector<std::string> full_build = build;
    full_build.insert(full_build.begin() + 4, "--full");
    Sample full = Measure(full_build, dir, runs);
    // The pre-commit case: the stack was edited (a comment), the stdlib was not: a full
    // compile whose stdlib catalog comes from the cache.
    Sample edit = Measure(build, dir, runs, [&](int i) { std::ofstream(dir + "/stack.yaml", std::ios::app) << "# edit " << i << "\n"; });
    Sample noop = Measure(build, dir, runs);
    edit_ms[c.name] = edit.ms;
    std::printf("%-16s %9d %8.1f ms %8.2fx %6.1f MB %8.1f ms %8.2fx %6.1f MB %6.2f ms\n", c.name.c_str(), c.instances,
                full.ms, full.ms / bare.ms, full.peak_kb / 1024.0, edit.ms, edit.ms / bare.ms, edit.peak_kb / 1024.0,
                noop.ms);
  }
  auto growth = [&](const std::string& from, const std::string& to, double factor) {
    if (edit_ms.count(from) && edit_ms.count(to))
      std::printf("growth %s -> %s: %.2fx the after-edit time for %gx the instances\n", from.c_str(), to.c_str(),
                  edit_ms[to] / edit_ms[from], factor);
  };
  std::printf("\n");
  growth("synthetic-100", "synthetic-1000", 10);
  growth("synthetic-1000", "synthetic-3000", 3);
  growth("fleet-10x30", "fleet-100x30", 10);
  std::printf("(median of %d runs each; full build = build --full: stdlib evaluated; after edit = build after a\n"
              " change to the stack only: stdlib catalog from cache; no-op = nothing changed; peak = max RSS of the\n"
              " largest of kalypsoc and its worker, over the runs)\n",
              runs);
  std::string cleanup = "rm -rf '" + root + "'";
  return std::system(cleanup.c_str()) == 0 ? 0 : 1;
}
