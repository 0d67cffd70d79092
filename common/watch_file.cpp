#include "common/watch_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <thread>

#include "common/error.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

using nlohmann::json;

std::vector<std::string> strings_at(const json& object, const char* key) {
  std::vector<std::string> values;
  if (!object.contains(key) || object.at(key).is_null()) return values;
  for (const auto& value : object.at(key)) values.push_back(value.get<std::string>());
  return values;
}

std::string string_at(const json& object, const char* key) {
  return object.contains(key) && !object.at(key).is_null() ? object.at(key).get<std::string>() : std::string();
}

json or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

// Writes all of data to fd; false on an error (errno set).
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t wrote = ::write(fd, data.data(), data.size());
    if (wrote < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(wrote));
  }
  return true;
}

}  // namespace

Watch* WatchList::find(std::string_view name) {
  for (Watch& watch : watches) {
    if (watch.name == name) return &watch;
  }
  return nullptr;
}

const Watch* WatchList::find(std::string_view name) const { return const_cast<WatchList*>(this)->find(name); }

void check_watch_name(std::string_view name) {
  const auto word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  bool ok = !name.empty() && name.size() <= kMostWatchNameBytes && word(name.front());
  for (const char c : name) ok = ok && (word(c) || c == '.' || c == '_' || c == '-');
  if (!ok) {
    throw UsageError("watch name '" + std::string(name.substr(0, kMostWatchNameBytes)) + "': use 1 to " +
                     std::to_string(kMostWatchNameBytes) + " letters, digits, '.', '_' or '-', starting with a letter or digit");
  }
}

nlohmann::json watch_filters_json(const WatchFilters& filters) {
  return json{{"country", filters.countries}, {"country_focus", filters.focus_countries}, {"actor", filters.actors},
              {"weapon", filters.weapons},    {"speaker", filters.speakers},    {"since", or_null(filters.since)},          {"until", or_null(filters.until)},
              {"match", filters.match_all_words ? "all" : "any"}};
}

std::string encode_watches(const WatchList& list) {
  json watches = json::array();
  for (const Watch& watch : list.watches) {
    watches.push_back(json{{"name", watch.name},
                           {"query", watch.query},
                           {"filters", watch_filters_json(watch.filters)},
                           {"created", watch.created},
                           {"seen_run", watch.seen_run},
                           {"seen_at", or_null(watch.seen_at)}});
  }
  return json{{"format", kWatchFileFormat}, {"watches", std::move(watches)}}.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

WatchList decode_watches(std::string_view text, const std::string& where) {
  WatchList list;
  try {
    const json document = json::parse(text);
    const int format = document.at("format").get<int>();
    if (format != kWatchFileFormat) {
      throw DatabaseError(where + ": watch file format " + std::to_string(format) + ", this tool reads format " +
                          std::to_string(kWatchFileFormat));
    }
    for (const json& entry : document.at("watches")) {
      if (list.watches.size() == kMostWatches) throw DatabaseError(where + ": more than " + std::to_string(kMostWatches) + " watches");
      Watch watch;
      watch.name = entry.at("name").get<std::string>();
      check_watch_name(watch.name);
      if (list.find(watch.name) != nullptr) throw DatabaseError(where + ": watch '" + watch.name + "' listed twice");
      watch.query = entry.at("query").get<std::string>();
      const json& filters = entry.at("filters");
      watch.filters.countries = strings_at(filters, "country");
      watch.filters.focus_countries = strings_at(filters, "country_focus");
      watch.filters.actors = strings_at(filters, "actor");
      watch.filters.weapons = strings_at(filters, "weapon");
      watch.filters.speakers = strings_at(filters, "speaker");
      watch.filters.since = string_at(filters, "since");
      watch.filters.until = string_at(filters, "until");
      watch.filters.match_all_words = string_at(filters, "match") == "all";
      watch.created = string_at(entry, "created");
      if (!entry.at("seen_run").is_number_unsigned()) throw DatabaseError(where + ": watch '" + watch.name + "': seen_run is not a run number");
      watch.seen_run = entry.at("seen_run").get<std::uint64_t>();
      watch.seen_at = string_at(entry, "seen_at");
      list.watches.push_back(std::move(watch));
    }
  } catch (const json::exception& e) {
    throw DatabaseError(where + ": damaged watch file: " + e.what());
  } catch (const UsageError& e) {
    throw DatabaseError(where + ": damaged watch file: " + e.what());
  }
  return list;
}

std::string watch_file_path(const std::string& db_dir) { return (fs::path(db_dir) / kWatchFile).string(); }

WatchList read_watches(const std::string& db_dir) {
  const std::string path = watch_file_path(db_dir);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return {};
    throw DatabaseError(errno_message(path));
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const std::string message = errno_message(path);
      ::close(fd);
      throw DatabaseError(message);
    }
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > kMostWatchFileBytes) {
      ::close(fd);
      throw DatabaseError(path + ": larger than " + std::to_string(kMostWatchFileBytes >> 20) + " MiB: not a watch file");
    }
  }
  ::close(fd);
  return decode_watches(text, path);
}

void write_watches(const std::string& db_dir, const WatchList& list) {
  const std::string path = watch_file_path(db_dir);
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  const std::string text = encode_watches(list);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw DatabaseError(errno_message(temporary) + " (writing the watches)");
  const bool written = write_all(fd, text) && ::fsync(fd) == 0;
  const std::string failure = written ? std::string() : errno_message(temporary);
  ::close(fd);
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string message = written ? errno_message(path) : failure;
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw DatabaseError(message + " (writing the watches; the previous file is unchanged)");
  }
  // The rename itself must reach the disk, or a crash could bring the old file back.
  const int dir = ::open(db_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

WatchLock::WatchLock(const std::string& db_dir, double wait_seconds) {
  const std::string path = (fs::path(db_dir) / kWatchLockFile).string();
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw DatabaseError(errno_message(path) + " (the watches' lock)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const std::string message = errno_message(path);
      ::close(fd_);
      throw DatabaseError(message + " (the watches' lock)");
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd_);
      throw DatabaseError(path + ": another dossier-watch has held the watches for " + std::to_string(static_cast<int>(wait_seconds)) +
                          " s; try again");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

WatchLock::~WatchLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

}  // namespace dossier
