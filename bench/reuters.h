// Reader for the Reuters-21578 collection (Distribution 1.0, SGML files sgm-data/reut2-*.sgm), as
// used by the country-facet evaluation and the tagging benchmark. The files are ISO-8859-1 with
// SGML character references; stories come back in UTF-8 with the references decoded.
#pragma once

// Where the Reuters tools look by default (CMake sets both; these are for a bare compile).
#ifndef DOSSIER_SHARED_DIR
#define DOSSIER_SHARED_DIR "../shared"
#endif
#ifndef DOSSIER_DEFAULT_GAZETTEER_DIR
#define DOSSIER_DEFAULT_GAZETTEER_DIR "corpus/gazetteers"
#endif

#include <string>
#include <string_view>
#include <vector>

namespace dossier::bench {

// True (after printing "skipped: ..." on stdout) when dir has no sgm-data/: the tools then exit
// 77, which ctest and the scripts read as "skipped".
bool report_if_reuters_absent(const std::string& dir);

struct ReutersStory {
  std::string id;                   // NEWID
  std::string file;                 // reut2-NNN.sgm
  std::vector<std::string> places;  // PLACES <D> codes ("usa", "west-germany")
  std::string title;                // TITLE, whitespace collapsed
  std::string dateline;             // DATELINE, trimmed ("NEW YORK, March 3 -")
  std::string body;                 // BODY as written (hard-wrapped lines), "Reuter" sign-off removed
};

// ISO-8859-1 bytes to UTF-8.
std::string latin1_to_utf8(std::string_view latin1);

// Decodes &#N; &lt; &gt; &amp; (and &quot;); control characters other than \n and \t become
// nothing (Reuters uses &#2; &#3; &#5; ... as wire control codes).
std::string decode_sgml(std::string_view text);

// Every <REUTERS> element of one file's content (already UTF-8).
std::vector<ReutersStory> parse_reuters_sgml(std::string_view content, const std::string& file);

// All stories of DIR/sgm-data/reut2-*.sgm in file order. Throws std::runtime_error when the
// directory has no such files.
std::vector<ReutersStory> read_reuters_dir(const std::string& dir);

// The body as the paragraphs an indexer would see: a new paragraph starts at a blank line or at
// a line indented with spaces (Reuters marks paragraphs and table rows that way); the lines of a
// paragraph are joined with one space. The dateline, when given, is put in front of the first
// paragraph ("NEW YORK, March 3 - The company said ..."), as it stands on the wire.
std::vector<std::string> body_paragraphs(std::string_view body, std::string_view dateline = {});

}  // namespace dossier::bench
