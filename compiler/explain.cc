// Provenance: a layered pointer already knows which layer wrote a value (Document::LayerOf);
// this file walks the layers in order for the report and locates stdlib defaults by their keys.
#include "explain.h"

#include "stdlib_files.h"

#include <algorithm>

#include <fstream>
#include <sstream>

namespace kalypso {

namespace {

std::string Where(const Location& l) { return l.file + ":" + std::to_string(l.line); }

std::string Show(const Json& v) {
  std::string s = v.dump();
  return s.size() > 160 ? s.substr(0, 157) + "..." : s;
}

// "values.a.b" -> "/a/b" (keys of the dotted path; a numeric token is a list index).
std::string PointerOf(const std::vector<std::string>& tokens, size_t from) {
  std::string ptr;
  for (size_t i = from; i < tokens.size(); ++i) ptr = PointerAppend(ptr, tokens[i]);
  return ptr;
}

// "values.a.b" -> values, a, b; a key holding dots is quoted: values.podLabels."app.kubernetes.io/name"
// (or with single quotes).
std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  std::string token;
  char quote = 0;
  for (char c : path) {
    if (quote) {
      if (c == quote)
        quote = 0;
      else
        token += c;
    } else if ((c == '"' || c == '\'') && token.empty()) {
      quote = c;
    } else if (c == '.') {
      out.push_back(std::move(token));
      token.clear();
    } else {
      token += c;
    }
  }
  if (!path.empty()) out.push_back(token);
  return out;
}

// The layer a pointer prefix stands for, as the user wrote it.
std::string LayerName(const std::string& component_ptr, const std::string& layer) {
  if (layer == component_ptr) return "component";
  std::string rest = layer.substr(component_ptr.size() + 1);
  return rest.replace(rest.find('/'), 1, ".");
}

// The line of the stdlib file defining `kind` where the keys of `tokens` appear in order
// (the skeleton or template that sets the value); "" when they cannot all be found.
std::string StdlibLine(const std::string& stdlib_dir, const std::string& kind, const std::vector<std::string>& tokens, size_t from) {
  std::string file = kind == "helm" ? "helm_kind" : kind;
  for (char& ch : file)
    if (ch == '-') ch = '_';
  // The built-in stdlib (stdlib_dir "") is read from the binary, a directory from the disk.
  const std::map<std::string, std::string> files = StdlibFiles(stdlib_dir);
  auto found_file = files.find(file + ".libsonnet");
  if (found_file == files.end()) return "";
  std::string path = (stdlib_dir.empty() ? std::string(kBuiltinStdlib) : stdlib_dir) + "/" + found_file->first;
  std::string cwd = AbsolutePath(".") + "/";
  std::string shown = !stdlib_dir.empty() && AbsolutePath(path).rfind(cwd, 0) == 0 ? AbsolutePath(path).substr(cwd.size()) : path;
  const std::string& text = found_file->second;
  size_t at = 0;
  bool found = false;
  for (size_t i = from; i < tokens.size(); ++i) {
    if (!tokens[i].empty() && std::isdigit(static_cast<unsigned char>(tokens[i][0]))) continue;
    size_t best = std::string::npos;
    for (const std::string& form : {tokens[i] + ":", "'" + tokens[i] + "':", "\"" + tokens[i] + "\":"}) {
      for (size_t p = text.find(form, at); p != std::string::npos; p = text.find(form, p + 1)) {
        bool word_start = p == 0 || !(std::isalnum(static_cast<unsigned char>(text[p - 1])) || text[p - 1] == '_');
        size_t line_start = text.rfind('\n', p) == std::string::npos ? 0 : text.rfind('\n', p) + 1;
        bool in_comment = text.substr(line_start, p - line_start).find("//") != std::string::npos;
        if (word_start && !in_comment) {
          best = std::min(best, p);
          break;
        }
      }
    }
    if (best == std::string::npos) return "";
    at = best + 1;
    found = true;
  }
  if (!found) return "";
  return shown + ":" + std::to_string(1 + std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

}  // namespace

bool Explain(const Compilation& c, const std::string& stdlib_dir, const std::string& target, const std::string& path,
             std::string* out, std::string* error) {
  const Stack& stack = c.stack;
  std::string id = target;
  if (stack.fleet && target.find('/') == std::string::npos) {
    auto placed = stack.placed.find(target);
    if (placed != stack.placed.end() && placed->second.size() == 1) id = placed->second[0];
    if (placed != stack.placed.end() && placed->second.size() > 1) {
      std::string list;
      for (const auto& i : placed->second) list += (list.empty() ? "" : ", ") + i;
      *error = "'" + target + "' runs on " + std::to_string(placed->second.size()) + " clusters; name one: " + list;
      return false;
    }
  }
  auto it = c.compiled.components.find(id);
  if (it == c.compiled.components.end()) {
    std::vector<std::string> ids;
    for (const auto& kv : c.compiled.components) ids.push_back(kv.first);
    *error = "no instance '" + target + "'" + DidYouMean(target, ids) +
             (stack.fleet ? "; name it as CLUSTER/COMPONENT" : "");
    return false;
  }
  const ResolvedComponent& rc = it->second;
  const Instance& inst = *rc.spec;
  const Document& doc = c.doc;
  std::string base = PointerAppend("/components", inst.name);
  std::vector<std::string> layers = {base};
  std::string prefix, rest;
  if (doc.SplitLayered(inst.ptr, &prefix, &rest)) layers = doc.layers.at(prefix);
  std::ostringstream o;
  if (path.empty()) {
    o << id << ": kind " << inst.kind << ", namespace " << inst.ns << ", wave " << rc.wave;
    if (stack.fleet)
      o << ", cluster " << inst.cluster->name << " (environment " << inst.cluster->environment << ", ring "
        << inst.cluster->ring + 1 << " of " << stack.environments.size() << ")";
    o << "\n";
    for (const auto& layer : layers) o << "  layer  " << Where(doc.KeyAt(layer)) << "  " << LayerName(base, layer) << "\n";
    for (const auto& ci : rc.charts) o << "  chart  " << ci.name << " " << ci.version << " (release " << ci.release << ")\n";
    *out = o.str();
    return true;
  }
  std::vector<std::string> tokens = Split(path);
  // Which chart's values, and from which token the values path starts.
  size_t chart = 0, from = 0;
  bool values = false;
  if (tokens[0] == "values") {
    values = true;
    from = 1;
  } else if (tokens.size() >= 3 && tokens[0] == "charts" && tokens[2] == "values") {
    values = true;
    from = 3;
    chart = rc.charts.size();
    for (size_t i = 0; i < rc.charts.size(); ++i)
      if (rc.charts[i].name == tokens[1]) chart = i;
    if (chart == rc.charts.size()) {
      *error = "'" + id + "' has no chart '" + tokens[1] + "'";
      return false;
    }
  }
  std::string field = values ? (chart == 0 ? "/values" : PointerAppend("/charts", tokens[1]) + "/values") + PointerOf(tokens, from)
                             : PointerOf(tokens, 0);
  Json final_value;
  if (values) {
    Json::json_pointer jp(PointerOf(tokens, from));
    if (!rc.charts.empty() && rc.charts[chart].values.contains(jp)) final_value = rc.charts[chart].values.at(jp);
  } else if (path == "wave") {
    final_value = rc.wave;
  } else {
    std::string from_layer = doc.LayerOf(inst.ptr + field);
    if (from_layer.size() >= field.size() && from_layer.compare(from_layer.size() - field.size(), field.size(), field) == 0 &&
        doc.root.contains(Json::json_pointer(from_layer)))
      final_value = doc.root.at(Json::json_pointer(from_layer));
  }
  o << id << " " << path << " = " << (final_value.is_null() ? "(not set)" : Show(final_value)) << "\n";
  // The layers that write this path, last (the one that wins) first.
  bool first = true;
  for (auto layer = layers.rbegin(); layer != layers.rend(); ++layer) {
    std::string ptr = *layer + field;
    if (!doc.value_pos.count(ptr)) continue;
    Json written = doc.root.contains(Json::json_pointer(ptr)) ? doc.root.at(Json::json_pointer(ptr)) : Json();
    o << (first ? "  set by   " : "  over     ") << Where(doc.At(ptr)) << "  " << LayerName(base, *layer);
    if (!first || written != final_value) o << " = " << Show(written);
    o << "\n";
    first = false;
  }
  if (values) {
    Json::json_pointer jp(PointerOf(tokens, from));
    const Json& kcharts = rc.kind()["charts"];
    std::string line = StdlibLine(stdlib_dir, inst.kind, tokens, from);
    bool in_skeleton = chart < kcharts.size() && kcharts[chart].contains("values") && kcharts[chart]["values"].contains(jp);
    if (in_skeleton || (first && !final_value.is_null())) {
      std::string what = in_skeleton ? "stdlib default" : "stdlib template, filled by kalypsoc (storage, credentials, datasources)";
      o << (first ? "  set by   " : "  over     ") << (line.empty() ? "stdlib kind '" + inst.kind + "'" : line) << "  " << what;
      if (in_skeleton && (!first || kcharts[chart]["values"].at(jp) != final_value)) o << " = " << Show(kcharts[chart]["values"].at(jp));
      o << "\n";
      first = false;
    }
  } else if (path == "wave" && first) {
    o << "  derived  from the dependencies (no layer sets 'wave')\n";
    first = false;
  }
  if (first) o << "  not set by any layer" << (values ? " or the stdlib (the chart's own default applies)" : "") << "\n";
  *out = o.str();
  return true;
}

}  // namespace kalypso
