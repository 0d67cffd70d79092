// JSON Lines records and the line reader underneath them (indexer/article_reader.h
// parse_jsonl_record, read_jsonl_file; indexer/line_reader.h LineReader).
//
// Each input is used four ways:
//  1. every line through parse_jsonl_record; each article through the indexer pipeline;
//  2. the bytes as a file through LineReader with a small line cap, checked line by line
//     against an independent split of the input (text, too_long, has_nul, numbering);
//  3. the same lines gzip-compressed: LineReader must give exactly the same lines;
//  4. the bytes as a file through read_jsonl_file, as is (a fuzzed gzip stream when the input
//     starts with the gzip magic: corrupt or truncated streams must be reported, not crash).
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "fuzz_pipeline.h"
#include "indexer/article_reader.h"
#include "indexer/line_reader.h"

namespace {

struct ExpectedLine {
  std::string text;
  bool too_long = false;
  bool has_nul = false;
};

// The line reader's contract, written out independently: split on '\n', drop one trailing '\r',
// keep at most cap bytes, flag longer lines and lines with a NUL byte anywhere.
std::vector<ExpectedLine> expected_lines(std::string_view input, std::size_t cap) {
  std::vector<ExpectedLine> out;
  for (std::string line : fuzz::split_lines(input)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ExpectedLine e;
    e.has_nul = line.find('\0') != std::string::npos;
    e.too_long = line.size() > cap;
    e.text = line.substr(0, cap);
    out.push_back(std::move(e));
  }
  return out;
}

std::string gzip(std::string_view data, int level) {
  z_stream stream{};
  FUZZ_CHECK(deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK, "deflateInit2");
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  FUZZ_CHECK(deflate(&stream, Z_FINISH) == Z_STREAM_END, "deflate");
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

void check_line_reader(const std::string& path, std::string_view plain, std::size_t cap, const char* what) {
  const std::vector<ExpectedLine> want = expected_lines(plain, cap);
  dossier::LineReader reader(path, cap);
  dossier::Line line;
  std::size_t n = 0;
  while (reader.next(line)) {
    FUZZ_CHECK(n < want.size(), "%s: more lines than the input has (%zu)", what, want.size());
    const ExpectedLine& e = want[n];
    ++n;
    FUZZ_CHECK(line.number == n, "%s: line %zu numbered %zu", what, n, line.number);
    FUZZ_CHECK(line.text.size() <= cap, "%s: line %zu longer than the cap", what, n);
    FUZZ_CHECK(line.text == e.text, "%s: line %zu text differs (%zu vs %zu bytes)", what, n, line.text.size(),
               e.text.size());
    FUZZ_CHECK(line.too_long == e.too_long, "%s: line %zu too_long=%d, expected %d", what, n, line.too_long, e.too_long);
    FUZZ_CHECK(line.has_nul == e.has_nul, "%s: line %zu has_nul=%d, expected %d", what, n, line.has_nul, e.has_nul);
  }
  FUZZ_CHECK(n == want.size(), "%s: %zu lines read, the input has %zu", what, n, want.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::Pipeline pipeline;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // 1. Records, as read_jsonl_file hands them over (no NUL, valid UTF-8, not blank).
  std::size_t number = 0;
  for (const std::string& line : fuzz::split_lines(input)) {
    ++number;
    if (line.find('\0') != std::string::npos || !fuzz::valid_utf8(line)) continue;
    dossier::ReadEvents events;
    events.warning = [&](const dossier::InputError& w) { FUZZ_CHECK(w.line() == number, "warning on another line"); };
    try {
      dossier::Article article = dossier::parse_jsonl_record(line, "fuzz.jsonl", number, "fuzz", events);
      FUZZ_CHECK(article.origin == "fuzz.jsonl:" + std::to_string(number), "origin '%s'", article.origin.c_str());
      pipeline.check(article);
    } catch (const dossier::InputError& error) {
      FUZZ_CHECK(error.line() == number, "InputError names line %zu, not %zu", error.line(), number);
    }
  }

  const bool gzip_magic = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
  const std::string raw_path = fuzz::write_scratch("input.jsonl", input);
  if (!gzip_magic) {
    // 2. and 3. Plain and compressed copies give the same lines; a cap from 1 to 64 bytes
    // (picked by the input) exercises the long-line logic, 8 MiB the normal one.
    const std::size_t small_cap = 1 + (size > 0 ? data[size - 1] % 64 : 0);
    for (std::size_t cap : {small_cap, std::size_t{8} << 20}) {
      check_line_reader(raw_path, input, cap, "plain");
      check_line_reader(fuzz::write_scratch("input.jsonl.gz", gzip(input, 1 + static_cast<int>(size % 9))), input, cap,
                        "gzip");
    }
    // A truncated gzip stream is an InputError, never a crash or a silent success with a
    // different line (a prefix of the lines is fine).
    if (size > 0) {
      const std::string packed = gzip(input, 6);
      // Keep the magic (a 1-byte file is read as plain text) and lose at least the last byte.
      const std::size_t keep = 2 + size % (packed.size() - 2);
      const std::string cut_path = fuzz::write_scratch("cut.jsonl.gz", packed.substr(0, keep));
      try {
        const std::vector<ExpectedLine> want = expected_lines(input, 1024);
        dossier::LineReader reader(cut_path, 1024);
        dossier::Line line;
        std::size_t n = 0;
        while (reader.next(line)) {
          ++n;
          // The last line read may be cut short by the truncation; earlier ones are complete.
          FUZZ_CHECK(n <= want.size(), "truncated gzip: more lines than the input");
          FUZZ_CHECK(want[n - 1].text.compare(0, line.text.size(), line.text) == 0, "truncated gzip: line %zu differs", n);
        }
        FUZZ_CHECK(false, "a truncated gzip stream read to the end without an error");
      } catch (const dossier::InputError&) {
      }
    }
  }

  // 4. The whole file reader, as is.
  std::size_t articles = 0, skipped = 0;
  dossier::ReadEvents events;
  events.article = [&](dossier::Article&& article) {
    ++articles;
    pipeline.check(article);
  };
  events.skipped = [&](const dossier::InputError&) { ++skipped; };
  events.warning = [](const dossier::InputError&) {};
  dossier::ReadLimits limits;
  limits.max_line_bytes = 1024;
  dossier::read_jsonl_file(raw_path, "fuzz", limits, events);
  return 0;
}
