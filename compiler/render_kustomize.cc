// Render output 1: one Kustomize directory per component — its Namespace (wave annotation),
// a kustomization with one helmCharts entry per chart, the values files, ExternalSecrets and
// the user's extra resources.
#include <algorithm>
#include <map>
#include <vector>

#include "parallel.h"
#include "render_parts.h"
#include "wire.h"
#include "yaml_emit.h"

namespace kalypso {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// ConfigMap data must be strings; the stdlib may give a config file as an object, which
// is written here as YAML text (the emitter, not Jsonnet's slow manifestYamlDoc).
Json WithTextData(Json object) {
  if (object.value("kind", std::string()) != "ConfigMap" || !object.contains("data")) return object;
  for (auto it = object["data"].begin(); it != object["data"].end(); ++it)
    if (!it.value().is_string()) it.value() = EmitYaml(it.value(), /*margin=*/4);  // data.<key>: | at 2
  return object;
}

class KustomizeRenderer {
 public:
  KustomizeRenderer(const RenderTarget& out, FileSystem& fs, Diags& diags)
      : out_(out), stack_(out.stack), fs_(fs), diags_(diags), doc_(*out.stack.doc) {}

  // Instances with `resources:` read files and may report errors: they render on this
  // thread. The others are pure functions of the compiled stack: they render on every
  // core, in chunks, each worker into its own tree, merged when all are done.
  bool Run() {
    if (!stack_.secret_store.empty())
      for (const auto& need : out_.compiled.secrets) secrets_of_[need.component].push_back(&need);
    std::vector<const ResolvedComponent*> pure;
    for (const auto& [name, rc] : out_.compiled.components) {
      if (rc.spec->resources.empty())
        pure.push_back(&rc);
      else
        RenderComponent(out_, rc);
    }
    constexpr size_t kChunk = 64;
    size_t chunks = (pure.size() + kChunk - 1) / kChunk, workers = Workers(chunks);
    std::vector<Tree> trees(workers);
    ParallelFor(chunks, workers, [&](size_t chunk, size_t worker) {
      RenderTarget mine = out_;
      mine.tree = &trees[worker];
      for (size_t i = chunk * kChunk; i < std::min(pure.size(), (chunk + 1) * kChunk); ++i) RenderComponent(mine, *pure[i]);
    });
    for (auto& t : trees) out_.tree->merge(t);
    return !diags_.HasErrors();
  }

 private:
  Json Namespace(const ResolvedComponent& rc) const {
    const kalypso::Component& c = *rc.spec;
    // The kind's namespace labels (MetalLB's privileged Pod Security level), then the stack's.
    Json labels = rc.kind().value("labels", Json::object());
    for (const auto& [k, v] : c.labels) labels[k] = v;
    labels["kalypso.dev/component"] = c.name;
    labels["kalypso.dev/stack"] = stack_.name;
    labels[kWaveLabel] = std::to_string(rc.wave);
    if (stack_.fleet) {
      labels[kClusterLabel] = c.cluster->name;
      labels[kEnvironmentLabel] = c.cluster->environment;
    }
    Json annotations = Json::object();
    for (const auto& [k, v] : c.annotations) annotations[k] = v;
    annotations["argocd.argoproj.io/sync-wave"] = std::to_string(rc.wave);
    return {{"apiVersion", "v1"},
            {"kind", "Namespace"},
            {"metadata", {{"name", c.ns}, {"labels", labels}, {"annotations", annotations}}}};
  }

  void RenderComponent(const RenderTarget& out, const ResolvedComponent& rc) {
    const kalypso::Component& c = *rc.spec;
    std::string dir = InstanceDir(c);
    out.Put(dir + "/namespace.yaml", Namespace(rc));
    Json resources = Json::array({"namespace.yaml"});
    Json charts = Json::array();
    for (const auto& ci : rc.charts) {
      std::string values_file = rc.charts.size() == 1 ? "values.yaml" : "values-" + ci.name + ".yaml";
      out.Put(dir + "/" + values_file, ci.values);
      charts.push_back({{"name", ci.name},
                        {"repo", ci.repo},
                        {"version", ci.version},
                        {"releaseName", ci.release},
                        {"namespace", c.ns},
                        {"valuesFile", values_file},
                        {"includeCRDs", true}});
    }
    for (const auto& [file, objects] : rc.extra_resources) {
      std::string text = out.header;
      for (size_t i = 0; i < objects.size(); ++i) text += (i ? "---\n" : "") + EmitYaml(WithTextData(objects[i]));
      out.PutText(dir + "/" + file, std::move(text));
      resources.push_back(file);
    }
    auto secrets = secrets_of_.find(c.id);
    for (const SecretNeed* need : secrets == secrets_of_.end() ? std::vector<const SecretNeed*>{} : secrets->second) {
      std::string file = "externalsecret-" + need->name + ".yaml";
      out.Put(dir + "/" + file, ExternalSecret(*need));
      resources.push_back(file);
    }
    for (size_t i = 0; i < c.resources.size(); ++i) {
      std::string ptr = PointerAppend(c.ptr + "/resources", i);
      std::string file = UserResource(out, c, dir, rc.resources[i], ptr);
      if (file.empty()) continue;
      if (std::find(resources.begin(), resources.end(), Json(file)) != resources.end()) {
        diags_.Error(doc_.At(ptr), "two resources of '" + c.name + "' would both be written as '" + file + "'");
        continue;
      }
      resources.push_back(file);
    }
    Json kustomization = {{"apiVersion", "kustomize.config.k8s.io/v1beta1"}, {"kind", "Kustomization"}, {"resources", resources}};
    if (!charts.empty()) kustomization["helmCharts"] = charts;
    out.Put(dir + "/kustomization.yaml", kustomization);
  }

  // An ExternalSecret (external-secrets.io) producing a required Secret from the store;
  // the remote key is <keyPrefix><namespace>/<secret>, one property per key.
  Json ExternalSecret(const SecretNeed& need) const {
    Json data = Json::array();
    for (const auto& key : need.keys)
      data.push_back({{"secretKey", key},
                      {"remoteRef", {{"key", stack_.key_prefix + need.ns + "/" + need.name}, {"property", key}}}});
    return {{"apiVersion", stack_.external_secret_api},
            {"kind", "ExternalSecret"},
            {"metadata", {{"name", need.name}, {"namespace", need.ns}}},
            {"spec",
             {{"refreshInterval", stack_.refresh_interval},
              {"secretStoreRef", {{"name", stack_.secret_store}, {"kind", stack_.secret_store_kind}}},
              {"target", {{"name", need.name}, {"creationPolicy", "Owner"}}},
              {"data", data}}}};
  }

  // Copies a `resources:` file (inside the repository) or writes an inline object; returns
  // the file name inside the component directory `dir`.
  std::string UserResource(const RenderTarget& out, const kalypso::Component& c, const std::string& dir, const Json& res, const std::string& ptr) {
    if (res.is_object()) {
      std::string name = res["metadata"].value("name", std::string("object"));
      std::string file = "resource-" + Lower(res["kind"].get<std::string>()) + "-" + name + ".yaml";
      for (char& ch : file)
        if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '.')) ch = '-';
      out.Put(dir + "/" + file, res);
      return file;
    }
    std::string rel = NormalizePath(res.get<std::string>());
    if (rel[0] == '/' || rel.rfind("..", 0) == 0) {
      diags_.Error(doc_.At(ptr), "resource '" + res.get<std::string>() + "' is outside the repository; use a path relative to the repository root");
      return "";
    }
    if (rel.rfind(out.root + "/", 0) == 0) {
      diags_.Error(doc_.At(ptr), "resource '" + rel + "' is inside the generated tree '" + out.root + "'");
      return "";
    }
    std::string err;
    std::optional<std::string> text = fs_.Read(JoinPath(stack_.repo_root, rel), &err);
    if (!text) {
      diags_.Error(doc_.At(ptr), "cannot read resource '" + rel + "': " + err);
      return "";
    }
    std::string base = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
    // A file that starts a document itself keeps its own marker (no empty document before it).
    bool marked = text->rfind("---", 0) == 0;
    out.PutText(dir + "/" + base, (marked ? out.header.substr(0, out.header.size() - 4) : out.header) + *text);
    return base;
  }

  const RenderTarget& out_;
  const Stack& stack_;
  FileSystem& fs_;
  Diags& diags_;
  const Document& doc_;
  std::map<std::string, std::vector<const SecretNeed*>> secrets_of_;  ///< instance id -> its Secrets (store only)
};

}  // namespace

bool RenderKustomize(const RenderTarget& out, FileSystem& fs, Diags& diags) {
  return KustomizeRenderer(out, fs, diags).Run();
}

}  // namespace kalypso
