// The worker's answer format: fixed-width integers and length-prefixed strings, the value
// tree tagged by JSON type (integers stay integers, doubles keep every bit).
#include "document_codec.h"

#include <cstdint>
#include <cstring>

namespace kalypso {

namespace {

enum Tag : char { kNull, kFalse, kTrue, kInt, kUnsigned, kDouble, kString, kArray, kObject };

class Writer {
 public:
  template <typename T>
  void Fixed(T v) {
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void String(const std::string& s) {
    Fixed<uint32_t>(static_cast<uint32_t>(s.size()));
    out_ += s;
  }
  void Position(const Location& loc) {
    Fixed<int32_t>(loc.line);
    Fixed<int32_t>(loc.col);
  }
  void Value(const Json& v) {
    switch (v.type()) {
      case Json::value_t::boolean: out_ += v.get<bool>() ? kTrue : kFalse; break;
      case Json::value_t::number_integer: out_ += kInt, Fixed<int64_t>(v.get<int64_t>()); break;
      case Json::value_t::number_unsigned: out_ += kUnsigned, Fixed<uint64_t>(v.get<uint64_t>()); break;
      case Json::value_t::number_float: out_ += kDouble, Fixed<double>(v.get<double>()); break;
      case Json::value_t::string: out_ += kString, String(v.get_ref<const std::string&>()); break;
      case Json::value_t::array:
        out_ += kArray, Fixed<uint32_t>(static_cast<uint32_t>(v.size()));
        for (const auto& item : v) Value(item);
        break;
      case Json::value_t::object:
        out_ += kObject, Fixed<uint32_t>(static_cast<uint32_t>(v.size()));
        for (auto it = v.begin(); it != v.end(); ++it) String(it.key()), Value(it.value());
        break;
      default: out_ += kNull; break;  // null (binary and discarded never come from a load)
    }
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  template <typename T>
  bool Fixed(T* v) {
    if (in_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(v, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool String(std::string* s) {
    uint32_t n;
    if (!Fixed(&n) || in_.size() - pos_ < n) return false;
    s->assign(in_, pos_, n);
    pos_ += n;
    return true;
  }
  bool Position(const std::string& file, Location* loc) {
    loc->file = file;
    return Fixed(&loc->line) && Fixed(&loc->col);
  }
  bool Value(Json* v, int depth = 0) {
    char tag;
    if (depth > 1000 || !Fixed(&tag)) return false;
    switch (tag) {
      case kNull: *v = nullptr; return true;
      case kFalse: *v = false; return true;
      case kTrue: *v = true; return true;
      case kInt: return Number<int64_t>(v);
      case kUnsigned: return Number<uint64_t>(v);
      case kDouble: return Number<double>(v);
      case kString: {
        *v = std::string();
        return String(&v->get_ref<std::string&>());
      }
      case kArray: {
        uint32_t n;
        if (!Fixed(&n)) return false;
        *v = Json::array();
        auto& items = v->get_ref<Json::array_t&>();
        items.reserve(std::min<size_t>(n, in_.size() - pos_));
        for (uint32_t i = 0; i < n; ++i)
          if (!Value(&items.emplace_back(), depth + 1)) return false;
        return true;
      }
      case kObject: {
        uint32_t n;
        if (!Fixed(&n)) return false;
        *v = Json::object();
        auto& members = v->get_ref<Json::object_t&>();
        for (uint32_t i = 0; i < n; ++i) {
          std::string key;
          if (!String(&key)) return false;
          // Keys were written in order: each goes at the end.
          if (!Value(&members.emplace_hint(members.end(), std::move(key), nullptr)->second, depth + 1)) return false;
        }
        return true;
      }
      default: return false;
    }
  }
  bool AtEnd() const { return pos_ == in_.size(); }

 private:
  template <typename T>
  bool Number(Json* v) {
    T n;
    if (!Fixed(&n)) return false;
    *v = n;
    return true;
  }

  const std::string& in_;
  size_t pos_ = 0;
};

void WritePositions(const std::unordered_map<std::string, Location>& positions, Writer* w) {
  w->Fixed<uint32_t>(static_cast<uint32_t>(positions.size()));
  for (const auto& [pointer, loc] : positions) w->String(pointer), w->Position(loc);
}

bool ReadPositions(const std::string& file, Reader* r, std::unordered_map<std::string, Location>* positions) {
  uint32_t n;
  if (!r->Fixed(&n)) return false;
  positions->reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    std::string pointer;
    Location loc;
    if (!r->String(&pointer) || !r->Position(file, &loc)) return false;
    positions->emplace(std::move(pointer), std::move(loc));
  }
  return true;
}

}  // namespace

std::string EncodeLoaded(const Document& doc, const Diags& diags) {
  Writer w;
  w.Fixed<uint32_t>(static_cast<uint32_t>(diags.All().size()));
  for (const auto& d : diags.All()) {
    w.Fixed<char>(d.severity == Severity::kError ? 'E' : 'W');
    w.Position(d.loc);
    w.String(d.message);
  }
  WritePositions(doc.value_pos, &w);
  WritePositions(doc.key_pos, &w);
  w.Value(doc.root);
  return w.Take();
}

bool DecodeLoaded(const std::string& bytes, Document* doc, Diags& diags) {
  Reader r(bytes);
  uint32_t n;
  if (!r.Fixed(&n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    char severity;
    Location loc;
    std::string message;
    if (!r.Fixed(&severity) || !r.Position(doc->file, &loc) || !r.String(&message)) return false;
    if (severity == 'E')
      diags.Error(loc, std::move(message));
    else
      diags.Warning(loc, std::move(message));
  }
  return ReadPositions(doc->file, &r, &doc->value_pos) && ReadPositions(doc->file, &r, &doc->key_pos) &&
         r.Value(&doc->root) && r.AtEnd();
}

}  // namespace kalypso
