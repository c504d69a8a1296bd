// The YAML emitter kalypsoc writes every file with. Owning it (rather than yaml-cpp's
// emitter) makes the bytes a documented function of the value: same value, same bytes.
#include "yaml_emit.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace kalypso {

namespace {

bool IsNumberLike(const std::string& s) {
  // Anything YAML 1.1 resolves as int or float: 0123, 0x1f, 0b10, 1_000, 1.0, 1e3, .5,
  // +1, .inf, .nan, sexagesimal 1:30.
  size_t i = 0;
  if (s[i] == '+' || s[i] == '-') ++i;
  if (i == s.size()) return false;
  std::string_view rest = std::string_view(s).substr(i);
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  bool digit = false;
  for (size_t k = i; k < s.size(); ++k) {
    char c = s[k];
    if (c >= '0' && c <= '9') {
      digit = true;
      continue;
    }
    if (c == '.' || c == '_' || c == ':' || c == 'e' || c == 'E' || c == '+' || c == '-') continue;
    if ((c == 'x' || c == 'X' || c == 'b' || c == 'B' || c == 'o') && k == i + 1 && s[i] == '0') continue;
    if (((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) && s.size() > i + 1 && (s[i + 1] == 'x' || s[i + 1] == 'X')) continue;
    return false;
  }
  return digit;
}

bool IsReserved(const std::string& s) {
  if (s.size() > 5) return false;  // the longest word below
  static constexpr std::string_view kWords[] = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                                                "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON",
                                                "off", "Off", "OFF", "null", "Null", "NULL", "~", "=", "<<"};
  for (std::string_view w : kWords)
    if (std::string_view(s) == w) return true;
  return false;
}

bool IsDateLike(const std::string& s) {
  // YAML 1.1 timestamps start with YYYY-MM-DD.
  return s.size() >= 10 && isdigit(static_cast<unsigned char>(s[0])) && isdigit(static_cast<unsigned char>(s[1])) &&
         isdigit(static_cast<unsigned char>(s[2])) && isdigit(static_cast<unsigned char>(s[3])) && s[4] == '-' &&
         isdigit(static_cast<unsigned char>(s[5])) && s[7] == '-';
}

std::string DoubleQuoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

bool HasControl(const std::string& s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\n') || c == 0x7f) return true;
  return false;
}

// A multi-line string as a literal block: readable configs and scripts in values files.
bool CanBeLiteral(const std::string& s) {
  if (s.find('\n') == std::string::npos || HasControl(s)) return false;
  // Trailing spaces on a line survive a literal block, but a line of only spaces right
  // before the end would be folded into chomping; keep such strings double-quoted.
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i] == ' ' && (i + 1 == s.size() || s[i + 1] == '\n')) return false;
  return true;
}

void EmitLiteral(const std::string& s, int indent, std::string* out) {
  size_t trailing = 0;
  while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
  std::string body = s.substr(0, s.size() - trailing);
  *out += "|";
  if (!body.empty() && (body[0] == ' ' || body[0] == '\n')) *out += "2";
  *out += trailing == 0 ? "-" : trailing == 1 ? "" : "+";
  *out += "\n";
  std::string pad(indent, ' ');
  size_t start = 0;
  for (;;) {
    size_t nl = body.find('\n', start);
    std::string line = body.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    *out += line.empty() ? "" : pad + line;
    *out += "\n";
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  for (size_t i = 1; i < trailing; ++i) *out += "\n";
}

// The members of an object in the order they are written: apiVersion, kind, metadata
// first in a Kubernetes object, the rest sorted (the object's own order).
std::vector<std::pair<const std::string*, const Json*>> OrderedMembers(const Json& obj) {
  std::vector<std::pair<const std::string*, const Json*>> members;
  members.reserve(obj.size());
  const auto& map = obj.get_ref<const Json::object_t&>();
  bool k8s = map.count("apiVersion") && map.count("kind");
  if (k8s)
    for (const char* k : {"apiVersion", "kind", "metadata"})
      if (auto it = map.find(k); it != map.end()) members.emplace_back(&it->first, &it->second);
  for (const auto& [k, v] : map) {
    if (k8s && (k == "apiVersion" || k == "kind" || k == "metadata")) continue;
    members.emplace_back(&k, &v);
  }
  return members;
}

std::string Scalar(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case Json::value_t::string: return YamlScalar(v.get_ref<const std::string&>());
    default: return v.dump();  // numbers: locale-independent, shortest round-trip
  }
}

bool IsEmptyCollection(const Json& v) { return (v.is_object() || v.is_array()) && v.empty(); }

void Emit(const Json& v, int indent, std::string* out);

// Writes " value\n" after a key; when the line would pass 80 columns and the value is one
// word (a URL, a host:port), the value goes alone on the next line at `value_indent`, which
// YAML reads the same and yamllint's line-length rule allows (a long word cannot be broken).
void EmitScalarAfterKey(const Json& v, int value_indent, std::string* out) {
  std::string text = IsEmptyCollection(v) ? std::string(v.is_object() ? "{}" : "[]") : Scalar(v);
  size_t line_start = out->rfind('\n') == std::string::npos ? 0 : out->rfind('\n') + 1;
  size_t column = out->size() - line_start;
  if (column + 1 + text.size() > 80 && text.find(' ') == std::string::npos) {
    *out += "\n" + std::string(value_indent, ' ') + text + "\n";
    return;
  }
  *out += " " + text + "\n";
}

// Writes the value that follows "key:" or "- " at `indent` (the indentation of the key).
void EmitAfterIndicator(const Json& v, int indent, bool in_sequence, std::string* out) {
  if (v.is_object() && !v.empty()) {
    if (in_sequence) {
      // "- " then the first key on the same line, the others aligned under it.
      bool first = true;
      for (const auto& [k, child_ptr] : OrderedMembers(v)) {
        if (!first) out->append(indent + 2, ' ');
        first = false;
        *out += YamlScalar(*k);
        *out += ':';
        const Json& child = *child_ptr;
        if ((child.is_object() || child.is_array()) && !child.empty()) {
          *out += "\n";
          Emit(child, indent + 4, out);
        } else if (child.is_string() && CanBeLiteral(child.get_ref<const std::string&>())) {
          *out += " ";
          EmitLiteral(child.get_ref<const std::string&>(), indent + 4, out);
        } else {
          EmitScalarAfterKey(child, indent + 4, out);
        }
      }
      return;
    }
    *out += "\n";
    Emit(v, indent + 2, out);
    return;
  }
  if (v.is_array() && !v.empty()) {
    if (in_sequence) {
      // Nested sequence: "- - a".
      *out += "\n";
      Emit(v, indent + 2, out);
      return;
    }
    *out += "\n";
    Emit(v, indent + 2, out);
    return;
  }
  if (v.is_string() && CanBeLiteral(v.get_ref<const std::string&>())) {
    *out += " ";
    EmitLiteral(v.get_ref<const std::string&>(), indent + 2, out);
    return;
  }
  EmitScalarAfterKey(v, indent + 2, out);
}

void Emit(const Json& v, int indent, std::string* out) {
  if (v.is_object()) {
    for (const auto& [k, child] : OrderedMembers(v)) {
      out->append(indent, ' ');
      *out += YamlScalar(*k);
      *out += ':';
      EmitAfterIndicator(*child, indent, false, out);
    }
  } else if (v.is_array()) {
    for (const auto& item : v) {
      out->append(indent, ' ');
      *out += '-';
      if (item.is_object() && !item.empty()) {
        *out += " ";
        EmitAfterIndicator(item, indent, true, out);
      } else {
        EmitAfterIndicator(item, indent, true, out);
      }
    }
  } else {
    out->append(indent, ' ');
    *out += Scalar(v);
    *out += '\n';
  }
}

}  // namespace

bool YamlNeedsQuotes(const std::string& s) {
  if (s.empty()) return true;
  if (IsReserved(s) || IsNumberLike(s) || IsDateLike(s)) return true;
  if (s.front() == ' ' || s.back() == ' ') return true;
  static const std::string kIndicators = "-?:,[]{}#&*!|>'\"%@`";
  if (kIndicators.find(s[0]) != std::string::npos) {
    // "-x", "?x", ":x" are fine as plain scalars, but keep it simple and safe: quote.
    return true;
  }
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos || s.back() == ':') return true;
  if (s.find('\n') != std::string::npos || HasControl(s)) return true;
  if (s.find('\t') != std::string::npos) return true;
  return false;
}

std::string YamlScalar(const std::string& s) {
  if (!YamlNeedsQuotes(s)) return s;
  if (s.find('\n') != std::string::npos || HasControl(s) || s.find('\t') != std::string::npos) return DoubleQuoted(s);
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string EmitYaml(const Json& value, int margin) {
  std::string out;
  if (value.is_object() && value.empty()) return "{}\n";
  if (value.is_array() && value.empty()) return "[]\n";
  if (value.is_string() && CanBeLiteral(value.get_ref<const std::string&>())) {
    EmitLiteral(value.get_ref<const std::string&>(), 2, &out);
    return out;
  }
  if (margin > 0) {
    // Emitted `margin` columns to the right (so long lines are judged where they will
    // stand), then moved back: every line then starts with at least `margin` spaces.
    Emit(value, margin, &out);
    std::string shifted;
    size_t at = 0;
    while (at < out.size()) {
      size_t nl = out.find('\n', at);
      size_t skip = std::min<size_t>(margin, out.find_first_not_of(' ', at) - at);
      shifted += out.substr(at + skip, nl + 1 - at - skip);
      at = nl + 1;
    }
    return shifted;
  }
  Emit(value, 0, &out);
  return out;
}

}  // namespace kalypso
