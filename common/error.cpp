#include "common/error.h"

#include <cerrno>
#include <cstring>

namespace dossier {

namespace {
std::string located(const std::string& path, std::size_t line, const std::string& what) {
  std::string out = path;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": " + what;
  return out;
}
std::string visible_nul(const std::string& text) {
  if (text.find('\0') == std::string::npos) return text;
  std::string out;
  for (char c : text) {
    if (c == '\0') {
      out += "\\0";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Error::Error(const std::string& what) : std::runtime_error(visible_nul(what)) {}

InputError::InputError(std::string path, std::size_t line, const std::string& what)
    : Error(located(path, line, what)), path_(std::move(path)), line_(line), reason_(what) {}

GazetteerError::GazetteerError(const std::string& path, std::size_t line, const std::string& what)
    : Error(located(path, line, what)) {}

QueryError::QueryError(std::size_t position, const std::string& what, std::string hint)
    : Error("query error at position " + std::to_string(position + 1) + ": " + what),
      position_(position),
      hint_(std::move(hint)) {}

std::string errno_message(const std::string& path) {
  return path + ": " + std::strerror(errno);
}

}  // namespace dossier
