// verify, rendering: copies each component directory into a private work directory in the
// user cache, links the charts already downloaded, runs kustomize, keeps new downloads.
#include "verify_render.h"

#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "fs.h"

extern char** environ;

namespace kalypso {

namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The first directory of $PATH holding an executable `name` ("" if none).
std::string OnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':'))
    if (!dir.empty() && access((dir + "/" + name).c_str(), X_OK) == 0) return dir + "/" + name;
  return "";
}

Json ToJson(const YAML::Node& n, int depth) {
  if (depth > 200) return nullptr;
  switch (n.Type()) {
    case YAML::NodeType::Scalar:
      return n.Scalar();
    case YAML::NodeType::Sequence: {
      Json a = Json::array();
      for (const auto& item : n) a.push_back(ToJson(item, depth + 1));
      return a;
    }
    case YAML::NodeType::Map: {
      Json o = Json::object();
      for (const auto& kv : n) o[kv.first.Scalar()] = ToJson(kv.second, depth + 1);
      return o;
    }
    default:
      return nullptr;
  }
}

// kustomize's failure says which helm command failed: a `pull` (or a chart whose dependencies
// are missing) means the chart cannot be obtained, anything else is a render error.
Rendered::Status Classify(const std::string& err) {
  if (err.find("helm pull") != std::string::npos || err.find(" pull --untar") != std::string::npos ||
      err.find("missing in charts/ directory") != std::string::npos)
    return Rendered::kChartUnavailable;
  return Rendered::kToolError;
}

// The useful part of kustomize's error: helm's "Error: ..." line when there is one.
std::string Explain(const std::string& err) {
  size_t at = err.find("Error: ");
  std::string line = at == std::string::npos ? err : err.substr(at + 7);
  size_t nl = line.find('\n');
  if (nl != std::string::npos) line = line.substr(0, nl);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line.empty() ? "kustomize failed without a message" : line;
}

Rendered RenderOne(const RenderJob& job, const RenderTools& tools) {
  auto start = std::chrono::steady_clock::now();
  Rendered r;
  r.component = job.component;
  std::string charts = JoinPath(tools.cache_dir, "charts");
  std::string label = job.component;  // "cluster/component": one directory level, not two
  std::replace(label.begin(), label.end(), '/', '_');
  std::string work = MakeTempDir(JoinPath(tools.cache_dir, "work/" + label + "-"));
  if (work.empty()) {
    r.message = "cannot create a work directory in " + tools.cache_dir;
    return r;
  }
  std::string dir = JoinPath(work, job.dir);
  bool ok = true;
  for (const auto& [path, bytes] : job.files) ok = ok && WriteFileMkdirs(JoinPath(dir, path), bytes);
  mkdir(JoinPath(dir, "charts").c_str(), 0755);
  for (const auto& chart : job.charts)  // charts downloaded before: linked, not pulled again
    if (IsDirectory(JoinPath(charts, chart))) ok = ok && symlink(JoinPath(charts, chart).c_str(), JoinPath(dir, "charts/" + chart).c_str()) == 0;
  if (!ok) {
    r.message = "cannot write the component directory under " + work;
    RemoveTree(work);
    return r;
  }
  std::vector<std::string> argv = tools.kustomize;
  argv.insert(argv.end(), {"--enable-helm", "--helm-command", tools.helm, dir});
  std::string out, err;
  int rc = RunTool(argv, &out, &err);
  if (rc != 0) {
    r.status = Classify(err);
    r.message = Explain(err);
  } else if (ParseObjects(out, &r.objects, &r.message)) {
    r.status = Rendered::kOk;
  }
  // Keep what kustomize downloaded (a rename inside the cache; a concurrent twin may win).
  mkdir(charts.c_str(), 0755);
  for (const auto& chart : job.charts) {
    std::string got = JoinPath(dir, "charts/" + chart);
    struct stat st;
    if (lstat(got.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) rename(got.c_str(), JoinPath(charts, chart).c_str());
  }
  RemoveTree(work);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace

int RunTool(const std::vector<std::string>& argv, std::string* out, std::string* err) {
  std::string dir = MakeTempDir("kalypsoc-run-");
  if (dir.empty()) return 127;
  std::string out_path = dir + "/out", err_path = dir + "/err";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  int status = 0;
  if (rc == 0) {
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  *out = ReadAll(out_path);
  *err = rc == 0 ? ReadAll(err_path) : std::string("cannot run ") + argv[0] + ": " + std::strerror(rc);
  RemoveTree(dir);
  if (rc != 0) return 127;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool ParseObjects(const std::string& text, std::vector<Json>* objects, std::string* error) {
  // Documents are split by hand so the megabytes of CRDs are never parsed.
  size_t pos = 0;
  while (pos < text.size()) {
    size_t sep = text.find("\n---", pos);
    std::string doc = text.substr(pos, sep == std::string::npos ? std::string::npos : sep + 1 - pos);
    pos = sep == std::string::npos ? text.size() : text.find('\n', sep + 1) + 1;
    if (pos == 0) pos = text.size();
    if (doc.find("\nkind: CustomResourceDefinition\n") != std::string::npos || doc.rfind("kind: CustomResourceDefinition\n", 0) == 0)
      continue;
    try {
      YAML::Node n = YAML::Load(doc);
      if (n.IsMap()) objects->push_back(ToJson(n, 0));
    } catch (const YAML::Exception& e) {
      *error = std::string("cannot parse kustomize's output: ") + e.what();
      return false;
    }
  }
  return true;
}

std::string MakeTempDir(const std::string& prefix) {
  std::string base = prefix;
  if (base.empty() || base[0] != '/') {
    const char* tmp = std::getenv("TMPDIR");
    base = std::string(tmp && *tmp ? tmp : "/tmp") + "/" + prefix;
  }
  std::string parent = DirName(base);
  if (!parent.empty()) WriteFileMkdirs(parent + "/.keep", "");
  std::string tmpl = base + "XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  return mkdtemp(buf.data()) ? std::string(buf.data()) : "";
}

void RemoveTree(const std::string& dir) {
  if (dir.size() < 8) return;  // never "/" or another short path by mistake
  nftw(
      dir.c_str(), [](const char* path, const struct stat*, int, struct FTW*) { return remove(path) == 0 ? 0 : 0; }, 16,
      FTW_DEPTH | FTW_PHYS);
}

bool WriteFileMkdirs(const std::string& path, const std::string& bytes) {
  for (size_t i = 1; i < path.size(); ++i)
    if (path[i] == '/') mkdir(path.substr(0, i).c_str(), 0755);
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << bytes;
  return static_cast<bool>(f);
}

bool FindRenderTools(const std::string& helm_flag, RenderTools* tools, std::string* error) {
  tools->helm = helm_flag.empty() ? OnPath("helm") : AbsolutePath(helm_flag);
  if (tools->helm.empty() || access(tools->helm.c_str(), X_OK) != 0) {
    *error = helm_flag.empty() ? "no `helm` on PATH; pass --helm PATH" : "--helm " + helm_flag + ": not an executable file";
    return false;
  }
  if (const char* k = std::getenv("KALYPSO_KUSTOMIZE"); k && *k) {
    tools->kustomize = {k, "build"};
  } else if (std::string k2 = OnPath("kustomize"); !k2.empty()) {
    tools->kustomize = {k2, "build"};
  } else if (std::string kubectl = OnPath("kubectl"); !kubectl.empty()) {
    tools->kustomize = {kubectl, "kustomize"};
  } else {
    *error = "neither `kustomize` nor `kubectl` is on PATH (verify renders with kustomize --enable-helm, as ArgoCD does)";
    return false;
  }
  const char* cache = std::getenv("KALYPSO_CACHE_DIR");
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  if (cache && *cache) tools->cache_dir = cache;
  else if (xdg && *xdg) tools->cache_dir = std::string(xdg) + "/kalypsoc";
  else if (home && *home) tools->cache_dir = std::string(home) + "/.cache/kalypsoc";
  else return *error = "no cache directory ($KALYPSO_CACHE_DIR, $XDG_CACHE_HOME and $HOME unset)", false;
  tools->cache_dir = AbsolutePath(tools->cache_dir);
  return true;
}

std::vector<Rendered> RenderAll(const std::vector<RenderJob>& jobs, const RenderTools& tools,
                                const std::function<void(const Rendered&)>& progress) {
  std::vector<Rendered> results(jobs.size());
  std::atomic<size_t> next{0};
  std::mutex mu;
  auto worker = [&] {
    for (size_t i = next++; i < jobs.size(); i = next++) {
      results[i] = RenderOne(jobs[i], tools);
      std::lock_guard<std::mutex> lock(mu);
      progress(results[i]);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, std::min<int>(tools.jobs, jobs.size())); ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return results;
}

}  // namespace kalypso
