// Compares two compilations of a stack: instances added, removed or changed (and which facts
// changed), endpoints that moved with the instances that follow them, Secrets, settings, files.
#include "platform_diff.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <tuple>

#include "text_diff.h"
#include "write.h"

namespace kalypso {

namespace {

bool StartsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

bool IsValuesFile(const std::string& file) { return StartsWith(file, "values") && file.find('/') == std::string::npos; }

// The churning label of a line ("  helm.sh/chart: x" -> indent+key), or "" for other lines.
std::string NoiseKey(const std::string& line) {
  size_t start = line.find_first_not_of(' ');
  if (start == std::string::npos) return "";
  for (const char* key : {"helm.sh/chart:", "app.kubernetes.io/version:", "\"helm.sh/chart\":",
                          "\"app.kubernetes.io/version\":", "'helm.sh/chart':", "'app.kubernetes.io/version':"})
    if (line.compare(start, std::char_traits<char>::length(key), key) == 0)
      return line.substr(0, start + std::char_traits<char>::length(key));
  return "";
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return lines;
}

// True when `host` occurs in `text` as a whole host name (not inside a longer one).
bool MentionsHost(const std::string& text, const std::string& host) {
  auto part = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'; };
  for (size_t at = text.find(host); at != std::string::npos; at = text.find(host, at + 1)) {
    bool before = at == 0 || !part(text[at - 1]);
    size_t end = at + host.size();
    bool after = end == text.size() || !part(text[end]) || (text[end] == '.' && (end + 1 == text.size() || !part(text[end + 1])));
    if (before && after) return true;
  }
  return false;
}

bool InstanceMentions(const InstanceFacts& facts, const std::string& host) {
  for (const auto& [file, bytes] : facts.files)
    if (MentionsHost(bytes, host)) return true;
  return false;
}

std::string ChartText(const ChartFacts& c) { return c.name.empty() ? "" : c.name + " " + c.version + " from " + c.repo; }

// What an instance added (or removed) is: its charts and wave, as changes from (or to) nothing.
std::vector<Change> Summary(const InstanceFacts& f, bool added) {
  std::vector<Change> out;
  for (const auto& c : f.charts) out.push_back({"chart", "", ChartText(c)});
  out.push_back({"wave", "", std::to_string(f.wave)});
  if (!added)
    for (auto& c : out) std::swap(c.before, c.after);
  return out;
}

// The facts of one instance that are not files, as named changes.
void CompareFacts(const InstanceFacts& a, const InstanceFacts& b, std::vector<Change>* out) {
  static const ChartFacts kNone;
  size_t n = std::max(a.charts.size(), b.charts.size());
  for (size_t i = 0; i < n; ++i) {
    const ChartFacts& x = i < a.charts.size() ? a.charts[i] : kNone;
    const ChartFacts& y = i < b.charts.size() ? b.charts[i] : kNone;
    if (x.name != y.name || x.repo != y.repo) {
      out->push_back({"chart", ChartText(x), ChartText(y)});
      continue;
    }
    std::string prefix = n > 1 ? x.name + ": " : "";  // several charts: say which
    if (x.version != y.version) out->push_back({"chart version", prefix + x.version, prefix + y.version});
    if (x.release != y.release) out->push_back({"release", prefix + x.release, prefix + y.release});
  }
  if (a.ns != b.ns) out->push_back({"namespace", a.ns, b.ns});
  if (a.ns_meta != b.ns_meta) out->push_back({"namespace labels", a.ns_meta, b.ns_meta});
  if (a.wave != b.wave) out->push_back({"wave", std::to_string(a.wave), std::to_string(b.wave)});
  if (a.sync_options != b.sync_options) out->push_back({"sync options", JoinList(a.sync_options), JoinList(b.sync_options)});
  if (a.deps != b.deps) out->push_back({"dependencies", JoinList(a.deps), JoinList(b.deps)});
}

// Which file kinds differ: "values" (values*.yaml) and "resources" (extra manifests).
void CompareFiles(const InstanceFacts& a, const InstanceFacts& b, const DiffOptions& options, std::vector<Change>* out) {
  std::set<std::string> values, resources;
  std::set<std::string> names;
  for (const auto& [f, _] : a.files) names.insert(f);
  for (const auto& [f, _] : b.files) names.insert(f);
  for (const auto& f : names) {
    if (f == "namespace.yaml" || f == "kustomization.yaml") continue;
    auto x = a.files.find(f), y = b.files.find(f);
    std::string before = x == a.files.end() ? "" : x->second, after = y == b.files.end() ? "" : y->second;
    int hidden = 0;
    if (options.noise_filter && x != a.files.end() && y != b.files.end()) after = MaskNoise(before, after, &hidden);
    if (x != a.files.end() && y != b.files.end() && before == after) continue;
    std::string what = x == a.files.end() ? "+" + f : y == b.files.end() ? "-" + f : f;
    (IsValuesFile(f) ? values : resources).insert(what);
  }
  if (!values.empty()) out->push_back({"values", "", JoinList({values.begin(), values.end()})});
  if (!resources.empty()) out->push_back({"resources", "", JoinList({resources.begin(), resources.end()})});
}

void DiffEndpoints(const Platform& a, const Platform& b, StackDiff* d) {
  for (const auto& [key, facts] : b.instances) {
    auto old = a.instances.find(key);
    if (old == a.instances.end()) continue;
    for (const auto& [name, ep] : facts.endpoints) {
      auto was = old->second.endpoints.find(name);
      if (was == old->second.endpoints.end() || was->second.Url() == ep.Url()) continue;
      EndpointMove move{key, name, was->second.Url(), ep.Url(), {}, {}};
      for (const auto& [other, of] : b.instances) {
        if (other == key) continue;
        if (InstanceMentions(of, ep.host)) move.followers.push_back(other);
        if (was->second.host != ep.host && InstanceMentions(of, was->second.host)) move.stale.push_back(other);
      }
      d->endpoints.push_back(move);
    }
  }
}

void DiffSecrets(const Platform& a, const Platform& b, StackDiff* d) {
  // A fleet has the same Secret on many clusters: each (cluster, namespace, name) is one.
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, const SecretNeed*> before, after;
  for (const auto& s : a.secrets) before[{s.cluster, s.ns, s.name}] = &s;
  for (const auto& s : b.secrets) after[{s.cluster, s.ns, s.name}] = &s;
  auto change = [](const SecretNeed& s, const char* status) {
    return SecretChange{s.cluster, s.ns, s.name, status, s.component, s.keys, {}, {}};
  };
  for (const auto& [id, s] : after) {
    auto it = before.find(id);
    if (it == before.end()) {
      d->secrets.push_back(change(*s, "added"));
      continue;
    }
    std::set<std::string> old(it->second->keys.begin(), it->second->keys.end()), now(s->keys.begin(), s->keys.end());
    SecretChange c = change(*s, "changed");
    std::set_difference(now.begin(), now.end(), old.begin(), old.end(), std::back_inserter(c.added_keys));
    std::set_difference(old.begin(), old.end(), now.begin(), now.end(), std::back_inserter(c.removed_keys));
    if (!c.added_keys.empty() || !c.removed_keys.empty()) d->secrets.push_back(c);
  }
  for (const auto& [id, s] : before)
    if (!after.count(id)) d->secrets.push_back(change(*s, "removed"));
  std::sort(d->secrets.begin(), d->secrets.end(), [](const SecretChange& x, const SecretChange& y) {
    return std::tie(x.cluster, x.ns, x.name) < std::tie(y.cluster, y.ns, y.name);
  });
}

void DiffFiles(const Platform& pa, const Platform& pb, const DiffOptions& options, StackDiff* d) {
  const Tree &a = pa.files, &b = pb.files;
  std::set<std::string> paths;
  for (const auto& [p, _] : a) paths.insert(p);
  for (const auto& [p, _] : b) paths.insert(p);
  for (const auto& p : paths) {
    auto x = a.find(p), y = b.find(p);
    std::string before = x == a.end() ? "" : x->second, after = y == b.end() ? "" : y->second;
    if (options.noise_filter && x != a.end() && y != b.end()) after = MaskNoise(before, after, &d->noise_lines);
    if (x != a.end() && y != b.end() && before == after) continue;
    std::string file, root = y != b.end() ? pb.output_root : pa.output_root;
    FileDiff f{p, InstanceOfPath(root, p, &file), x == a.end() ? "added" : y == b.end() ? "removed" : "changed", ""};
    f.diff = UnifiedDiff(p, before, after);
    d->files.push_back(f);
  }
  // Grouped per instance (platform-wide files first), in path order inside a group.
  std::stable_sort(d->files.begin(), d->files.end(),
                   [](const FileDiff& x, const FileDiff& y) { return x.instance < y.instance; });
}

}  // namespace

std::string JoinList(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string InstanceOfPath(const std::string& output_root, const std::string& path, std::string* file) {
  std::string rel = StartsWith(path, output_root + "/") ? path.substr(output_root.size() + 1) : path;
  std::string cluster;
  if (StartsWith(rel, "clusters/")) {  // fleets: clusters/<cluster>/manifests/<component>/...
    size_t slash = rel.find('/', 9);
    if (slash == std::string::npos) return "";
    cluster = rel.substr(9, slash - 9) + "/";
    rel = rel.substr(slash + 1);
  }
  if (!StartsWith(rel, "manifests/")) return "";
  size_t slash = rel.find('/', 10);
  if (slash == std::string::npos) return "";
  *file = rel.substr(slash + 1);
  return cluster + rel.substr(10, slash - 10);
}

std::string MaskNoise(const std::string& before, const std::string& after, int* hidden) {
  std::map<std::string, std::vector<std::string>> old;  // indent+key -> lines, in order
  for (const auto& line : SplitLines(before))
    if (std::string key = NoiseKey(line); !key.empty()) old[key].push_back(line);
  if (old.empty()) return after;
  std::map<std::string, size_t> used;
  std::string out;
  for (const auto& line : SplitLines(after)) {
    std::string key = NoiseKey(line);
    auto it = key.empty() ? old.end() : old.find(key);
    size_t n = key.empty() ? 0 : used[key]++;
    if (it != old.end() && n < it->second.size() && it->second[n] != line) {
      out += it->second[n] + "\n";
      ++*hidden;
    } else {
      out += line + "\n";
    }
  }
  if (!after.empty() && after.back() != '\n') out.pop_back();
  return out;
}

Platform PlatformOf(const Compilation& c) {
  Platform p;
  std::string root = p.output_root = NormalizePath(c.stack.output);
  for (const auto& [name, rc] : c.compiled.components) {
    InstanceFacts& f = p.instances[name];
    f.ns = rc.spec->ns;
    f.wave = rc.wave;
    for (const auto& ci : rc.charts) f.charts.push_back({ci.name, ci.repo, ci.version, ci.release});
    f.sync_options = rc.sync_options;
    f.deps.assign(rc.deps.begin(), rc.deps.end());
    for (const auto& [k, v] : rc.spec->labels) f.ns_meta += k + "=" + v + " ";
    for (const auto& [k, v] : rc.spec->annotations) f.ns_meta += k + "=" + v + " ";
  }
  for (const auto& [key, ep] : c.compiled.endpoints)
    if (p.instances.count(ep.component)) p.instances[ep.component].endpoints[ep.name] = ep;
  p.secrets = c.compiled.secrets;
  for (const auto& [path, bytes] : c.tree) {
    // The manifest (content hashes of the rest) and out/.gitignore: bookkeeping, pure noise.
    if (path == root + "/" + kManifestName || path == root + "/" + kGitignoreName) continue;
    p.files[path] = bytes;
    std::string file, key = InstanceOfPath(root, path, &file);
    if (!key.empty() && p.instances.count(key)) p.instances[key].files[file] = bytes;
  }
  const Stack& s = c.stack;
  p.settings = {{"policy.forbid", JoinList(s.forbid)},
                {"policy.plaintextCredentials", s.plaintext_credentials},
                {"output", s.output},
                {"argocd.namespace", s.argocd_namespace},
                {"argocd.project", s.project},
                {"argocd.ordering", s.ordering},
                {"argocd.automated", s.automated ? "true" : "false"},
                {"repo", s.repo_url + " " + s.revision},
                {"secrets.store", s.secret_store}};
  return p;
}

StackDiff DiffPlatforms(const std::string& stack, const Platform* before, const Platform* after,
                        const DiffOptions& options) {
  static const Platform kNone;
  const Platform& a = before ? *before : kNone;
  const Platform& b = after ? *after : kNone;
  StackDiff d;
  d.stack = stack;
  std::set<std::string> keys;
  for (const auto& [k, _] : a.instances) keys.insert(k);
  for (const auto& [k, _] : b.instances) keys.insert(k);
  for (const auto& key : keys) {
    auto x = a.instances.find(key), y = b.instances.find(key);
    if (x == a.instances.end()) {
      d.instances.push_back({key, "added", Summary(y->second, true)});
    } else if (y == b.instances.end()) {
      d.instances.push_back({key, "removed", Summary(x->second, false)});
    } else {
      InstanceDiff i{key, "changed", {}};
      CompareFacts(x->second, y->second, &i.changes);
      CompareFiles(x->second, y->second, options, &i.changes);
      if (i.changes.empty())
        ++d.unchanged;
      else
        d.instances.push_back(i);
    }
  }
  DiffEndpoints(a, b, &d);
  for (const auto& move : d.endpoints)  // say why a consumer's values changed
    for (auto& i : d.instances)
      if (i.status == "changed" && std::count(move.followers.begin(), move.followers.end(), i.key))
        i.changes.push_back({"follows", "", move.instance + "." + move.name});
  DiffSecrets(a, b, &d);
  for (const auto& secret : d.secrets) {  // a Secret's keys changed: so did what its instance needs
    auto it = std::find_if(d.instances.begin(), d.instances.end(), [&](const InstanceDiff& i) { return i.key == secret.instance; });
    if (it == d.instances.end() && a.instances.count(secret.instance) && b.instances.count(secret.instance)) {
      --d.unchanged;
      it = d.instances.insert(std::upper_bound(d.instances.begin(), d.instances.end(), secret.instance,
                                               [](const std::string& k, const InstanceDiff& i) { return k < i.key; }),
                              InstanceDiff{secret.instance, "changed", {}});
    }
    if (it != d.instances.end() && it->status == "changed")
      it->changes.push_back({"secret", "", secret.ns + "/" + secret.name + " " + secret.status});  // its cluster: the instance's
  }
  if (before && after)
    for (const auto& [k, v] : b.settings)
      if (a.settings.count(k) && a.settings.at(k) != v) d.settings.push_back({k, a.settings.at(k), v});
  DiffFiles(a, b, options, &d);
  if (!before && !after)
    d.status = "unchanged";
  else if (!before)
    d.status = "added";
  else if (!after)
    d.status = "removed";
  else
    d.status = d.instances.empty() && d.secrets.empty() && d.settings.empty() && d.files.empty() ? "unchanged" : "changed";
  return d;
}

}  // namespace kalypso
