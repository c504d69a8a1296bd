// Schema validation and extraction of the typed model: after the schema passed, every
// field read here has the type the schema promises, so extraction cannot throw.
#include "validate.h"

#include "layer.h"
#include "schema_check.h"

namespace kalypso {

namespace {

std::string Str(const Json& o, const char* key, const std::string& def = "") {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : def;
}

std::vector<std::string> StrList(const Json& o, const char* key) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it != o.end() && it->is_array())
    for (const auto& v : *it) out.push_back(v.get<std::string>());
  return out;
}

std::map<std::string, std::string> StrMap(const Json& o, const char* key) {
  std::map<std::string, std::string> out;
  auto it = o.find(key);
  if (it != o.end() && it->is_object())
    for (auto kv = it->begin(); kv != it->end(); ++kv) out[kv.key()] = kv.value().get<std::string>();
  return out;
}

EndpointSpec ReadEndpoint(const Json& j, const std::string& ptr) {
  EndpointSpec e;
  e.service = Str(j, "service");
  e.host = Str(j, "host");
  e.port = j.value("port", 0);
  e.scheme = Str(j, "scheme", "http");
  e.path = Str(j, "path");
  e.ptr = ptr;
  return e;
}

ChartOverride ReadChart(const Json& j, const std::string& ptr) {
  ChartOverride c;
  c.name = Str(j, "name");
  c.repo = Str(j, "repo");
  c.version = Str(j, "version");
  c.release = Str(j, "release");
  if (j.contains("enabled")) c.enabled = j["enabled"].get<bool>();
  if (j.contains("values")) c.values = j["values"];
  c.ptr = ptr;
  return c;
}

std::optional<Credentials> ReadCredentials(const Json& o, const std::string& ptr) {
  if (!o.contains("credentials")) return std::nullopt;
  const Json& j = o["credentials"];
  return Credentials{Str(j, "secret"), Str(j, "userKey"), Str(j, "passwordKey"), ptr + "/credentials"};
}

// The schema's enum of kinds is for editors (the built-in stdlib's kinds); the compiler checks
// a kind against the stdlib it evaluates (--stdlib may add kinds), with a did-you-mean.
Json CheckedSchema() {
  Json schema = Json::parse(StackSchemaText());
  if (schema.contains("$defs") && schema["$defs"].contains("kindName")) schema["$defs"]["kindName"].erase("enum");
  return schema;
}

const SchemaChecker& Checker() {
  static const SchemaChecker checker(CheckedSchema());
  return checker;
}

}  // namespace

bool ValidateStack(Document& doc, Stack* stack, Diags& diags) {
  if (!doc.root.is_object()) {
    diags.Error(doc.At(""), "a stack must be a mapping with 'stack:', 'repo:' and 'components:'");
    return false;
  }
  if (!CheckAgainstSchema(Checker(), doc, diags)) return false;

  const Json& r = doc.root;
  stack->doc = &doc;
  stack->name = Str(r, "stack");
  stack->repo_url = Str(r["repo"], "url");
  stack->revision = Str(r["repo"], "revision", "HEAD");
  stack->output = Str(r, "output", "out");
  stack->cluster_domain = Str(r, "clusterDomain", "cluster.local");
  const Json argocd = r.value("argocd", Json::object());
  stack->argocd_namespace = Str(argocd, "namespace", "argocd");
  stack->project = Str(argocd, "project", stack->name);
  stack->server = Str(argocd, "server", "https://kubernetes.default.svc");
  stack->ordering = Str(argocd, "ordering", "progressive");
  stack->automated = argocd.value("automated", true);
  stack->prune = argocd.value("prune", true);
  stack->profile = Str(r, "profile", "standard");
  stack->ebpf = r.value("ebpf", true);
  const Json policy = r.value("policy", Json::object());
  stack->forbid = StrList(policy, "forbid");
  stack->plaintext_credentials = Str(policy, "plaintextCredentials", "error");
  if (r.contains("secrets") && r["secrets"].contains("store")) {
    const Json& s = r["secrets"]["store"];
    stack->secret_store = Str(s, "name");
    stack->secret_store_kind = Str(s, "kind", "ClusterSecretStore");
    stack->external_secret_api = Str(s, "apiVersion", "external-secrets.io/v1");
    stack->refresh_interval = Str(s, "refreshInterval", "1h");
    stack->key_prefix = Str(s, "keyPrefix");
  }

  if (r.contains("externals")) {
    for (auto it = r["externals"].begin(); it != r["externals"].end(); ++it) {
      External e;
      e.name = it.key();
      e.ptr = PointerAppend("/externals", it.key());
      e.kind = Str(it.value(), "kind", "service");
      e.region = Str(it.value(), "region", "us-east-1");
      e.description = Str(it.value(), "description", "");
      for (auto ep = it.value()["endpoints"].begin(); ep != it.value()["endpoints"].end(); ++ep)
        e.endpoints[ep.key()] = ReadEndpoint(ep.value(), PointerAppend(e.ptr + "/endpoints", ep.key()));
      e.credentials = ReadCredentials(it.value(), e.ptr);
      stack->externals[e.name] = std::move(e);
    }
  }

  return PlaceInstances(doc, stack, diags);
}

void ReadComponent(const Json& j, const std::string& name, const std::string& ptr, Component* out) {
  Component& c = *out;
  c.name = name;
  c.ptr = ptr;
  c.enabled = j.value("enabled", true);
  c.kind = Str(j, "kind");
  c.ns = Str(j, "namespace", c.name);
  c.release = Str(j, "release", c.name);
  if (j.contains("chart")) c.chart = ReadChart(j["chart"], c.ptr + "/chart");
  if (j.contains("charts"))
    for (auto ch = j["charts"].begin(); ch != j["charts"].end(); ++ch)
      c.charts[ch.key()] = ReadChart(ch.value(), PointerAppend(c.ptr + "/charts", ch.key()));
  if (j.contains("exports"))
    for (auto ep = j["exports"].begin(); ep != j["exports"].end(); ++ep)
      c.exports[ep.key()] = ReadEndpoint(ep.value(), PointerAppend(c.ptr + "/exports", ep.key()));
  if (j.contains("expose"))
    for (auto ep = j["expose"].begin(); ep != j["expose"].end(); ++ep)
    {
      c.expose[ep.key()] = ReadEndpoint(ep.value(), PointerAppend(c.ptr + "/expose", ep.key()));
      c.expose[ep.key()].scheme = Str(ep.value(), "scheme");  // default: the endpoint's own
    }
  c.needs = StrList(j, "needs");
  c.wave = j.value("wave", 0);
  c.storage = Str(j, "storage");
  c.buckets = StrMap(j, "buckets");
  c.credentials = ReadCredentials(j, c.ptr);
  c.datasources = StrList(j, "datasources");
  c.telemetry = StrMap(j, "telemetry");
  if (j.contains("values")) c.values = j["values"];
  if (j.contains("resources"))
    for (const auto& res : j["resources"]) c.resources.push_back(res);
  c.labels = StrMap(j, "labels");
  c.annotations = StrMap(j, "annotations");
  c.sync_options = StrList(j, "syncOptions");
  if (j.contains("secrets"))
    for (const auto& sec : j["secrets"])
      c.secrets.push_back({sec["name"].get<std::string>(), sec.value("purpose", std::string("used by the values")),
                           sec["keys"].get<std::vector<std::string>>()});
}

}  // namespace kalypso
