#include "searcher/cluster.h"

#include <algorithm>
#include <exception>
#include <fstream>
#include <future>
#include <map>
#include <optional>

#include "common/schema.h"
#include "searcher/index_reader.h"  // torn_read

namespace dossier {

namespace fs = std::filesystem;

namespace {

std::string located(const std::string& file, std::size_t line, const std::string& what) {
  return file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + what;
}

std::string_view trim_blanks(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

bool parse_number(std::string_view text, unsigned long max, unsigned long& out) {
  if (text.empty() || text.size() > 10) return false;
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<unsigned long>(c - '0');
  }
  return out <= max;
}

ClusterPart parse_location(std::string_view text, const std::string& file, std::size_t line, const fs::path& base) {
  ClusterPart part;
  part.location = std::string(text);
  part.line = line;
  constexpr std::string_view kTcp = "tcp://";
  if (text.compare(0, kTcp.size(), kTcp) == 0) {
    std::string_view address = text.substr(kTcp.size());
    std::string_view host, port;
    if (!address.empty() && address.front() == '[') {  // [::1]:7001
      const auto close = address.find(']');
      if (close != std::string_view::npos && close + 1 < address.size() && address[close + 1] == ':') {
        host = address.substr(1, close - 1);
        port = address.substr(close + 2);
      }
    } else if (const auto colon = address.rfind(':'); colon != std::string_view::npos) {
      host = address.substr(0, colon);
      port = address.substr(colon + 1);
    }
    unsigned long number = 0;
    if (host.empty() || host.find_first_of("/ ") != std::string_view::npos || !parse_number(port, 65535, number) ||
        number == 0) {
      throw ClusterError(file, line, "bad address '" + std::string(text) + "' (expected tcp://HOST:PORT, PORT 1 to 65535)");
    }
    part.host = std::string(host);
    part.port = static_cast<unsigned>(number);
    return part;
  }
  if (const auto scheme = text.find("://"); scheme != std::string_view::npos) {
    throw ClusterError(file, line, "unknown scheme in '" + std::string(text) + "' (a directory or tcp://HOST:PORT)");
  }
  const fs::path path(text);
  part.path = (path.is_absolute() ? path : base / path).lexically_normal().string();
  return part;
}

unsigned parse_timeout(std::string_view value, const std::string& file, std::size_t line, const std::string& key) {
  unsigned long number = 0;
  if (!parse_number(value, 3600000, number) || number == 0) {
    throw ClusterError(file, line, key + " takes milliseconds, 1 to 3600000, not '" + std::string(value) + "'");
  }
  return static_cast<unsigned>(number);
}

std::string part_key(const ClusterPart& part) {
  return part.remote() ? "tcp " + part.host + " " + std::to_string(part.port) : "dir " + part.path;
}

// Xapian's description without its context (the address, which the message names anyway).
std::string reason(const Xapian::Error& e) {
  std::string text = std::string(e.get_type()) + ": " + e.get_msg();
  if (const char* detail = e.get_error_string(); detail != nullptr && *detail != '\0') text += std::string(" (") + detail + ")";
  return text;
}

// What a task opening one part found out.
struct Probe {
  bool ok = false;
  Xapian::Database db;
  std::string error;            // one line, when !ok
  std::exception_ptr transient; // DatabaseModifiedError or a torn read: the caller retries
  std::string identity;         // shards: schema::kMetaShardIdentity
  std::string format_version, database_id, shard_count;  // meta
};

Probe probe(const ClusterPart& part, const ClusterSpec& spec, bool is_meta, bool deep) {
  Probe result;
  try {
    if (part.remote()) {
      result.db = Xapian::Remote::open(part.host, part.port, spec.timeout_ms, spec.connect_timeout_ms);
    } else {
      std::error_code ec;
      if (!fs::is_directory(part.path, ec)) {
        result.error = "no such database directory";
        return result;
      }
      result.db = Xapian::Database(part.path);
    }
    if (is_meta) {
      result.format_version = result.db.get_metadata(std::string(schema::kMetaFormatVersion));
      result.database_id = result.db.get_metadata(std::string(schema::kMetaDatabaseId));
      result.shard_count = result.db.get_metadata(std::string(schema::kMetaShardCount));
    } else {
      result.identity = result.db.get_metadata(std::string(schema::kMetaShardIdentity));
      if (deep && part.remote()) {
        Xapian::Enquire enquire(result.db);
        enquire.set_query(Xapian::Query::MatchAll);
        const Xapian::MSet mset = enquire.get_mset(0, 1);
        if (!mset.empty()) static_cast<void>(mset.begin().get_document().get_data());
      }
    }
    result.ok = true;
  } catch (const Xapian::DatabaseModifiedError&) {
    result.transient = std::current_exception();
  } catch (const Xapian::Error& e) {
    if (torn_read(e)) {
      result.transient = std::current_exception();  // a block read mid-commit (index_reader.h)
    } else {
      result.error = reason(e);
    }
  }
  return result;
}

// The shards' identities must say they are shards 0..N-1 of the meta part's database, each once.
void check_identities(const ClusterSpec& spec, const Probe& meta, const std::vector<Probe>& probes,
                      std::vector<std::pair<std::size_t, std::size_t>>& order) {
  unsigned long expected = 0;
  if (!parse_number(meta.shard_count, 100000, expected) || meta.database_id.empty()) {
    throw DatabaseError("meta " + spec.meta.describe(spec.file) + " is not the meta part of a Dossier database (no " +
                        std::string(schema::kMetaDatabaseId) + ")");
  }
  if (spec.shards.size() != expected) {
    throw ClusterError(spec.file, 0, "lists " + std::to_string(spec.shards.size()) + " shard" +
                                         (spec.shards.size() == 1 ? "" : "s") + ", the database has " +
                                         std::to_string(expected) + " (every shard must be listed once)");
  }
  std::map<std::size_t, std::size_t> seen;  // shard number -> index in spec.shards
  for (std::size_t i = 0; i < probes.size(); ++i) {
    if (!probes[i].ok) continue;
    const ClusterPart& part = spec.shards[i];
    std::string database_id;
    std::size_t shard = 0, shards = 0;
    if (!schema::parse_shard_identity(probes[i].identity, database_id, shard, shards)) {
      throw DatabaseError("shard " + part.describe(spec.file) + " is not a shard of a Dossier database of format " +
                          std::to_string(schema::kFormatVersion) + " (no shard identity)");
    }
    if (database_id != meta.database_id || shards != expected) {
      throw DatabaseError("shard " + part.describe(spec.file) + " belongs to another database than meta " +
                          spec.meta.describe(spec.file));
    }
    const auto [it, fresh] = seen.emplace(shard, i);
    if (!fresh) {
      throw DatabaseError("shard " + part.describe(spec.file) + " is shard " + std::to_string(shard) + ", like " +
                          spec.shards[it->second].describe(spec.file) + ": a shard is listed twice");
    }
    order.emplace_back(shard, i);
  }
  std::sort(order.begin(), order.end());
}

}  // namespace

ClusterError::ClusterError(const std::string& file, std::size_t line, const std::string& what)
    : Error(located(file, line, what)) {}

std::string ClusterPart::describe(const std::string& file) const {
  return location + " (" + file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ")";
}

bool ClusterSpec::all_local() const {
  return !meta.remote() && std::none_of(shards.begin(), shards.end(), [](const ClusterPart& p) { return p.remote(); });
}

namespace {

// A cluster description is a few short lines: bounded, so that a wrong file (a 5 MB line,
// /dev/zero) costs an error, not its size in memory, and no message echoes it whole.
constexpr std::size_t kMaxClusterLineBytes = 4096;
constexpr std::size_t kMaxClusterLines = 100000;

bool read_bounded_line(std::istream& in, std::string& line, const std::string& file, std::size_t number) {
  line.clear();
  std::istream::int_type c = 0;
  bool any = false;
  while ((c = in.get()) != std::istream::traits_type::eof()) {
    any = true;
    if (c == '\n') return true;
    if (line.size() >= kMaxClusterLineBytes) {
      throw ClusterError(file, number, "line longer than " + std::to_string(kMaxClusterLineBytes) + " bytes (not a cluster description?)");
    }
    line.push_back(static_cast<char>(c));
  }
  return any;
}

}  // namespace

ClusterSpec parse_cluster(std::istream& in, const std::string& file, const fs::path& base) {
  ClusterSpec spec;
  spec.file = file;
  bool have_meta = false;
  std::map<std::string, std::size_t> first_line;  // part_key -> line
  std::string raw;
  for (std::size_t number = 1; read_bounded_line(in, raw, file, number); ++number) {
    if (number > kMaxClusterLines) {
      throw ClusterError(file, number, "more than " + std::to_string(kMaxClusterLines) + " lines (not a cluster description?)");
    }
    std::string_view line = trim_blanks(raw);
    // A comment starts a line or follows a blank ("# ..."); a '#' inside a path is kept.
    for (std::size_t at = line.find('#'); at != std::string_view::npos; at = line.find('#', at + 1)) {
      if (at == 0 || line[at - 1] == ' ' || line[at - 1] == '\t') {
        line = trim_blanks(line.substr(0, at));
        break;
      }
    }
    if (line.empty()) continue;
    const auto space = line.find_first_of(" \t");
    const std::string_view keyword = line.substr(0, space);
    const std::string_view value = space == std::string_view::npos ? std::string_view() : trim_blanks(line.substr(space));
    if (keyword == "timeout" || keyword == "connect-timeout") {
      (keyword == "timeout" ? spec.timeout_ms : spec.connect_timeout_ms) = parse_timeout(value, file, number, std::string(keyword));
      continue;
    }
    const bool keyed = keyword == "meta" || keyword == "shard";
    if (!keyed && space != std::string_view::npos) {
      throw ClusterError(file, number, "unknown keyword '" + std::string(keyword) +
                                           "' (expected meta, shard, timeout, connect-timeout or a lone location)");
    }
    const std::string_view location = keyed ? value : line;
    if (location.empty()) throw ClusterError(file, number, std::string(keyword) + " needs a directory or tcp://HOST:PORT");
    ClusterPart part = parse_location(location, file, number, base);
    const auto [it, fresh] = first_line.emplace(part_key(part), number);
    if (!fresh) {
      throw ClusterError(file, number, "'" + part.location + "' is already listed at line " + std::to_string(it->second));
    }
    if (keyword == "meta") {
      if (have_meta) throw ClusterError(file, number, "a second meta line (there is one meta part)");
      spec.meta = std::move(part);
      have_meta = true;
    } else {
      spec.shards.push_back(std::move(part));
    }
  }
  if (!have_meta) {
    throw ClusterError(file, 0, "no 'meta' line (the database's meta part: DIR/meta or the tcp://HOST:PORT serving it)");
  }
  if (spec.shards.empty()) throw ClusterError(file, 0, "no shard listed");
  return spec;
}

ClusterSpec load_cluster(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw ClusterError(file, 0, "cannot read the cluster description: " + errno_message(file));
  return parse_cluster(in, file, fs::absolute(fs::path(file)).parent_path());
}

ClusterSpec cluster_of_directory(const std::string& dir) {
  std::ifstream stub(fs::path(dir) / schema::kStubFile);
  if (!stub) throw DatabaseError(dir + ": no " + std::string(schema::kStubFile) + " file: not a Dossier database");
  ClusterSpec spec;
  spec.file = (fs::path(dir) / schema::kStubFile).string();
  std::string kind, name;
  for (std::size_t line = 1; stub >> kind >> name; ++line) {
    ClusterPart part;
    part.location = part.path = (fs::path(dir) / name).string();
    part.line = line;
    (name == schema::kMetaDir ? spec.meta : spec.shards.emplace_back()) = std::move(part);
  }
  return spec;
}

OpenedCluster open_cluster(const ClusterSpec& spec, bool allow_partial, bool deep) {
  // Every part at once: connecting to N hosts costs one round trip, not N, and a shard that
  // hangs delays the open by one timeout, not one per shard.
  auto meta_task = std::async(std::launch::async, [&] { return probe(spec.meta, spec, true, deep); });
  std::vector<std::future<Probe>> tasks;
  for (const ClusterPart& part : spec.shards) {
    tasks.push_back(std::async(std::launch::async, [&spec, &part, deep] { return probe(part, spec, false, deep); }));
  }
  Probe meta = meta_task.get();
  std::vector<Probe> probes;
  for (auto& task : tasks) probes.push_back(task.get());
  if (meta.transient) std::rethrow_exception(meta.transient);
  for (const Probe& p : probes) {
    if (p.transient) std::rethrow_exception(p.transient);
  }
  if (!meta.ok) {
    throw DatabaseError("meta " + spec.meta.describe(spec.file) + " cannot be opened: " + meta.error +
                        (allow_partial ? " (--allow-partial needs the meta part)" : ""));
  }

  OpenedCluster opened;
  opened.format_version = meta.format_version;
  std::string failures;
  std::size_t failed = 0;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    if (probes[i].ok) continue;
    ++failed;
    failures += (failures.empty() ? "" : "; ") + std::string("shard ") + spec.shards[i].describe(spec.file) +
                " is unreachable: " + probes[i].error;
    opened.missing.push_back({spec.shards[i].location, probes[i].error});
  }
  if (failed > 0 && !allow_partial) throw DatabaseError(failures + " (--allow-partial searches the other shards)");
  if (failed == spec.shards.size()) throw DatabaseError("no shard can be searched: " + failures);

  std::vector<std::pair<std::size_t, std::size_t>> order;  // (shard number, index in spec.shards)
  if (schema::readable_format(meta.format_version)) {
    check_identities(spec, meta, probes, order);
  } else {
    // The caller refuses the format with its own message; no identities to check.
    for (std::size_t i = 0; i < probes.size(); ++i) {
      if (probes[i].ok) order.emplace_back(i, i);
    }
  }
  opened.db.add_database(meta.db);
  for (const auto& [shard, index] : order) opened.db.add_database(probes[index].db);
  return opened;
}

}  // namespace dossier
