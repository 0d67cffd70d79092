// The shapes of names, titles and groups that speaker resolution reads (indexer/speakers.h):
// who an attribution's words or a sentence's subject can be, from their words alone.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::speaker_names {

// How many bytes around a person's mention may hold the title that a title reference names
// ("Foreign Minister Sergei Lavrov", "Tony Blair, the prime minister,").
// Bytes: about 48 Latin or 30 Cyrillic characters.
constexpr std::size_t kTitleReach = 64;

// The text within reach bytes before begin, starting on a character boundary.
std::string_view before_within(std::string_view text, std::size_t begin, std::size_t reach);
bool has_word(std::string_view text, std::string_view word);  // as a whole word
std::vector<std::string_view> split_spaces(std::string_view text);
// A person's name ending the span: 2-4 capitalised words ("Labour's election chief Alan Milburn"
// -> "Alan Milburn"); none after "the" or a preposition, none of role words.
std::optional<std::string> trailing_name(std::string_view span);
bool organisation_head(const std::string& w);  // "bank", "motors", "street": ends an organisation
bool names_source(std::string_view kind);  // a tag kind naming who said it ("Source", "Извор")
bool generic_noun(const std::string& w);  // "Analysts", "Police": capitalised, naming no one
// An organisation named in capitalised words, without its article ("the Bundesbank").
std::optional<std::string> organisation_name(std::string_view span);
std::optional<std::string> description(std::string_view span);  // "the report", "a study"
std::optional<std::string> group(std::string_view span);  // "analysts", "Tory sources": only "they"
// word names the person whose name ends in it ("Ilić"; "Лаврова", case endings of two letters).
bool surname_matches(std::string_view word, std::string_view name);
// 'm' or 'f' when the words before a name tell (Mr, Ms, spokeswoman), else 0.
char gender_before(std::string_view text, std::size_t begin);

}  // namespace dossier::speaker_names
