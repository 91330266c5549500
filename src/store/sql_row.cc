#include <charconv>

#include "store/sql.h"

namespace smartgov {

const std::string& SqlRow::Text(std::size_t i) const {
  static const std::string kEmpty;
  const auto& c = cols_.at(i);
  return c ? *c : kEmpty;
}

std::int64_t SqlRow::Int(std::size_t i) const { return OptInt(i).value_or(0); }

std::optional<std::int64_t> SqlRow::OptInt(std::size_t i) const {
  const auto& c = cols_.at(i);
  if (!c) return std::nullopt;
  std::int64_t v = 0;
  std::from_chars(c->data(), c->data() + c->size(), v);
  return v;
}

Status CheckSqlParams(const std::vector<SqlValue>& params) {
  for (const auto& p : params) {
    const auto* s = std::get_if<std::string>(&p);
    if (s != nullptr && s->find('\0') != std::string::npos) {
      return Status::InvalidArgument("text may not contain a NUL character (U+0000)");
    }
  }
  return Status::Ok();
}

}  // namespace smartgov
