// A JSON Schema checker for the subset kalypsoc's stack schema and Kubernetes CRD schemas
// use. Why not RapidJSON's SchemaValidator: see the note at the top of schema_check.cc.
#pragma once

#include <string>
#include <vector>

#include "document.h"

namespace kalypso {

/// One violation: where (JSON Pointer), what, and whether the key (not the value) is at fault.
struct SchemaError {
  std::string pointer;
  std::string message;
  bool at_key = false;
};

/// Checks JSON values against one schema (draft 2020-12 / OpenAPI v3 subset).
class SchemaChecker {
 public:
  struct Options {
    /// Treat every object schema that lists `properties` (and does not preserve unknown
    /// fields) as closed, like `additionalProperties: false` (catches misspelled CRD fields).
    bool close_objects = false;
  };
  explicit SchemaChecker(Json schema) : SchemaChecker(std::move(schema), Options{}) {}
  SchemaChecker(Json schema, Options options) : schema_(std::move(schema)), options_(options) {}

  /// Every violation found in `value`, in document order.
  [[nodiscard]] std::vector<SchemaError> Check(const Json& value) const;

 private:
  void Walk(const Json& schema, const Json& value, const std::string& ptr,
            std::vector<SchemaError>* errors, int depth) const;
  const Json& Resolve(const Json& schema) const;

  Json schema_;
  Options options_;
};

/// Schema validation of a loaded document: each error placed at its source position.
[[nodiscard]] bool CheckAgainstSchema(const SchemaChecker& checker, const Document& doc, Diags& diags);

/// A JSON value's type name as JSON Schema spells it ("object", "integer", ...).
std::string JsonTypeName(const Json& v);

}  // namespace kalypso
