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
}  // namespace

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
