// One exception hierarchy for every Dossier library. Messages carry their context (path, line,
// query position, errno text) so that main() prints them as they are, on one line.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace dossier {

class Error : public std::runtime_error {
 public:
  // what() is a C string: a NUL from archived text (an id, a file name) would cut the message
  // short, so NUL bytes are written as the two characters "\0".
  explicit Error(const std::string& what);
};

// A problem with one input file or one line of it; the run skips it and continues.
class InputError : public Error {
 public:
  InputError(std::string path, std::size_t line, const std::string& what);
  const std::string& path() const { return path_; }
  std::size_t line() const { return line_; }  // 0 when the whole file is concerned
  const std::string& reason() const { return reason_; }

 private:
  std::string path_;
  std::size_t line_;
  std::string reason_;
};

// A malformed gazetteer: fatal, the indexer refuses to start.
class GazetteerError : public Error {
 public:
  GazetteerError(const std::string& path, std::size_t line, const std::string& what);
};

// A query the searcher cannot run; position is a byte offset into the query string.
class QueryError : public Error {
 public:
  QueryError(std::size_t position, const std::string& what, std::string hint = {});
  std::size_t position() const { return position_; }
  const std::string& hint() const { return hint_; }

 private:
  std::size_t position_;
  std::string hint_;
};

// Opening, locking or writing the database failed, or it has another format version.
class DatabaseError : public Error {
 public:
  using Error::Error;
};

// Bad command-line usage.
class UsageError : public Error {
 public:
  using Error::Error;
};

// "path: strerror(errno)" for the errno current at the call.
std::string errno_message(const std::string& path);

}  // namespace dossier
