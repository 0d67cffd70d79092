#include "searcher/cli.h"

#include <doctest/doctest.h>

#include "common/error.h"

using namespace dossier;

TEST_CASE("search flags parse without spawning a process") {
  const SearcherCommand c = parse_searcher_command_line(
      {"--db", "x.db", "--country", "RU", "--country", "Serbia", "--actor", "nato", "--weapon", "fgm-148", "--since", "2020",
       "--until", "2021-06", "--by", "passage", "--match", "all", "--sort", "-date", "-n", "5", "--offset", "10",
       "--facet-count", "passage", "--facet-top", "3", "--fragments", "4", "--json", "--color", "never", "--explain",
       "javelin", "kosovo"});
  CHECK(c.db_path == "x.db");
  CHECK(c.request.query == "javelin kosovo");
  CHECK(c.request.countries == std::vector<std::string>{"RU", "Serbia"});
  CHECK(c.request.actors == std::vector<std::string>{"nato"});
  CHECK(c.request.weapons == std::vector<std::string>{"fgm-148"});
  CHECK(c.request.since == "2020");
  CHECK(c.request.until == "2021-06");
  CHECK(c.request.by_passage);
  CHECK(c.request.match_all_words);
  CHECK(c.request.sort == SortOrder::DateDescending);
  CHECK(c.request.limit == 5);
  CHECK(c.request.offset == 10);
  CHECK(c.request.facet_unit == CountUnit::Passages);
  CHECK(c.request.facet_top == 3);
  CHECK(c.request.snippet.max_fragments == 4);
  CHECK(c.format == OutputFormat::Json);
  CHECK(c.colour == ColourMode::Never);
  CHECK(c.explain);
}

TEST_CASE("search defaults") {
  const SearcherCommand c = parse_searcher_command_line({"kosovo"}, "");
  CHECK(c.db_path == "dossier.db");
  CHECK_FALSE(c.request.by_passage);
  CHECK_FALSE(c.request.match_all_words);
  CHECK(c.request.limit == 10);
  CHECK(c.format == OutputFormat::Text);
  CHECK(c.colour == ColourMode::Auto);
  CHECK(parse_searcher_command_line({"kosovo"}, "/env/db").db_path == "/env/db");
  CHECK(parse_searcher_command_line({"--db", "flag.db", "kosovo"}, "/env/db").db_path == "flag.db");
  CHECK(parse_searcher_command_line({"--country", "RU"}).request.query.empty());
  CHECK(c.request.collapse_copies);
}

TEST_CASE("--no-collapse-copies lists copies as hits of their own") {
  CHECK_FALSE(parse_searcher_command_line({"--no-collapse-copies", "kosovo"}).request.collapse_copies);
  const SearcherCommand help = parse_searcher_command_line({"--help"});
  CHECK(help.help_text.find("--no-collapse-copies") != std::string::npos);
}

TEST_CASE("bad search usage is a UsageError") {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"--by", "sentence", "x"},
      {"--match", "some", "x"},
      {"--sort", "size", "x"},
      {"--format", "xml", "x"},
      {"--color", "rainbow", "x"},
      {"--fragments", "0", "x"},
      {"--limit", "abc", "x"},
      {"--no-such-flag", "x"},
      {"--facet-count", "word", "x"},
      {"--sample-above", "0", "x"},
      {"--sample-above", "-5", "x"},
      {"--search-threads", "65", "x"},
      {"--search-threads", "-1", "x"},
      {"--show", ""},
      {"--show", "a", "--format", "tsv"},
      {"--show", "a", "--format", "jsonl"},
      {"--show", "a", "-i"},
      {"--values", "actor", "--format", "tsv"},
  };
  for (const auto& args : cases) {
    CAPTURE(args.size());
    CHECK_THROWS_AS(parse_searcher_command_line(args), UsageError);
  }
}

TEST_CASE("colour only on a TTY, never with NO_COLOR unless forced") {
  CHECK(use_colour(ColourMode::Auto, true, false));
  CHECK_FALSE(use_colour(ColourMode::Auto, false, false));
  CHECK_FALSE(use_colour(ColourMode::Auto, true, true));
  CHECK(use_colour(ColourMode::Always, false, true));
  CHECK_FALSE(use_colour(ColourMode::Never, true, false));
}

TEST_CASE("ranking flags") {
  const SearcherCommand c = parse_searcher_command_line({"--bm25", "0.9,0.4", "--expand", "12", "--article-score", "sum", "x"});
  CHECK(c.request.ranking.bm25_k1 == doctest::Approx(0.9));
  CHECK(c.request.ranking.bm25_b == doctest::Approx(0.4));
  CHECK(c.request.ranking.expand_terms == 12);
  CHECK(c.request.ranking.article_score == ArticleScore::Sum);
  const SearcherCommand d = parse_searcher_command_line({"x"});
  CHECK(d.request.ranking.article_score == ArticleScore::Mixed);
  CHECK(d.request.ranking.expand_terms == 0);
  for (const char* bad : {"1.2", "1.2;0.7", "a,b", "1.2,1.5", "-1,0.5", "1.2,0.7x"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_searcher_command_line({"--bm25", bad, "x"}), UsageError);
  }
  CHECK_THROWS_AS(parse_searcher_command_line({"--article-score", "avg", "x"}), UsageError);
  CHECK_THROWS_AS(parse_searcher_command_line({"--expand", "1000", "x"}), UsageError);
}

TEST_CASE("--cluster and --allow-partial") {
  const SearcherCommand c = parse_searcher_command_line({"--cluster", "c.txt", "--allow-partial", "nato"}, "env.db");
  CHECK(c.cluster_path == "c.txt");
  CHECK(c.db_path.empty());
  CHECK(c.allow_partial);
  CHECK_FALSE(c.request.collect_matched_terms);  // only --explain shows them
  CHECK(parse_searcher_command_line({"--explain", "nato"}).request.collect_matched_terms);
  const SearcherCommand plain = parse_searcher_command_line({"nato"}, "env.db");
  CHECK(plain.cluster_path.empty());
  CHECK(plain.db_path == "env.db");
  CHECK_FALSE(plain.allow_partial);
  CHECK_THROWS_WITH_AS(parse_searcher_command_line({"--db", "x.db", "--cluster", "c.txt", "nato"}),
                       doctest::Contains("--db and --cluster are alternatives"), UsageError);
  CHECK_THROWS_WITH_AS(parse_searcher_command_line({"--allow-partial", "nato"}), doctest::Contains("--allow-partial needs --cluster"),
                       UsageError);
}

TEST_CASE("--exact-facets and --sample-above set the counting policy") {
  const SearcherCommand defaults = parse_searcher_command_line({"kosovo"});
  CHECK_FALSE(defaults.request.count_policy.exact);
  CHECK(defaults.request.count_policy.exact_limit == CountPolicy{}.exact_limit);
  const SearcherCommand c = parse_searcher_command_line({"--exact-facets", "--sample-above", "5000", "kosovo"});
  CHECK(c.request.count_policy.exact);
  CHECK(c.request.count_policy.exact_limit == 5000);
  CHECK(c.request.count_policy.sample_size == 1000);
}

TEST_CASE("--search-threads sets how many threads a search is split between (0: automatic)") {
  CHECK(parse_searcher_command_line({"kosovo"}).searcher.threads == 0);
  CHECK(parse_searcher_command_line({"--search-threads", "1", "kosovo"}).searcher.threads == 1);
  CHECK(parse_searcher_command_line({"--search-threads", "8", "kosovo"}).searcher.threads == 8);
  CHECK(parse_searcher_command_line({"--help"}).help_text.find("--search-threads") != std::string::npos);
}

TEST_CASE("--help lists the counting options") {
  const std::string help = parse_searcher_command_line({"--help"}).help_text;
  CHECK(help.find("--exact-facets") != std::string::npos);
  CHECK(help.find("--sample-above") != std::string::npos);
}

TEST_CASE("--article-score mixed, --article-weight and --article-bm25") {
  const SearcherCommand defaults = parse_searcher_command_line({"x"});
  CHECK(defaults.request.ranking.article_score == ArticleScore::Mixed);
  CHECK(defaults.request.ranking.article_weight == RankingOptions::kDefaultArticleWeight);
  CHECK(defaults.request.ranking.article_k1 == RankingOptions::kDefaultArticleK1);
  CHECK(defaults.request.ranking.article_b == RankingOptions::kDefaultArticleB);
  CHECK(parse_searcher_command_line({"--article-score", "best", "x"}).request.ranking.article_score == ArticleScore::Best);
  const SearcherCommand mixed = parse_searcher_command_line({"--article-score", "mixed", "--article-weight", "0.6", "--bm25", "1,0.5", "x"});
  CHECK(mixed.request.ranking.article_score == ArticleScore::Mixed);
  CHECK(mixed.request.ranking.article_weight == 0.6);
  CHECK(mixed.request.ranking.article_k1 == RankingOptions::kDefaultArticleK1);  // --bm25 is the passages' alone
  CHECK(mixed.request.ranking.article_b == RankingOptions::kDefaultArticleB);
  // The help shows the defaults as they are written.
  const std::string help = parse_searcher_command_line({"--help"}).help_text;
  CHECK(help.find("0.75)") != std::string::npos);
  CHECK(help.find("2,0.3)") != std::string::npos);
  CHECK(help.find("mixed)") != std::string::npos);
  const SearcherCommand own = parse_searcher_command_line({"--article-score", "mixed", "--article-bm25", "0.9,0.4", "x"});
  CHECK(own.request.ranking.article_k1 == 0.9);
  CHECK(own.request.ranking.article_b == 0.4);
  CHECK(own.request.ranking.bm25_k1 == 1.2);
  CHECK_THROWS_AS(parse_searcher_command_line({"--article-weight", "1.5", "x"}), UsageError);
  CHECK_THROWS_AS(parse_searcher_command_line({"--article-weight", "nan", "x"}), UsageError);
  CHECK_THROWS_AS(parse_searcher_command_line({"--article-bm25", "nan,nan", "x"}), UsageError);
  CHECK_THROWS_AS(parse_searcher_command_line({"--bm25", "nan,0.5", "x"}), UsageError);
}

TEST_CASE("regression: '-word' after a query word is a word to leave out, not a short option") {
  const SearcherCommand c = parse_searcher_command_line({"kosovo", "-drone", "javelin"}, "");
  CHECK(c.request.query == "kosovo javelin -drone");
  const SearcherCommand limited = parse_searcher_command_line({"kosovo", "-n", "5", "-drone"}, "");
  CHECK(limited.request.limit == 5);  // an exact short option still is one
  CHECK(limited.request.query == "kosovo -drone");
  CHECK(parse_searcher_command_line({"--", "-drone", "kosovo"}, "").request.query == "-drone kosovo");
}

TEST_CASE("regression: a 50 KB argument starting with '-' is refused, not a crash in cxxopts' regex") {
  const std::string huge = "-" + std::string(50000, 'x');
  CHECK_THROWS_WITH_AS(parse_searcher_command_line({huge, "kosovo"}, ""),
                       doctest::Contains("argument 1 starts with '-' and is 50001 bytes long"), dossier::UsageError);
  CHECK_THROWS_AS(parse_searcher_command_line({"kosovo", huge}, ""), dossier::UsageError);
}

TEST_CASE("regression: --offset past 32 bits is refused, not wrapped to the first page") {
  CHECK(parse_searcher_command_line({"--offset", "1000000000", "kosovo"}, "").request.offset == 1000000000);
  CHECK_THROWS_WITH_AS(parse_searcher_command_line({"--offset", "4294967296", "--sort", "date", "kosovo"}, ""),
                       doctest::Contains("--offset must be 0 to 1000000000"), dossier::UsageError);
}

TEST_CASE("--show ID needs no query; --format tsv") {
  const SearcherCommand show = parse_searcher_command_line({"--show", "2019-10-slavic-shield-s400"});
  REQUIRE(show.show.has_value());
  CHECK(*show.show == "2019-10-slavic-shield-s400");
  CHECK(parse_searcher_command_line({"--show", "x", "--json", "s-400"}).format == OutputFormat::Json);
  CHECK(parse_searcher_command_line({"--format", "tsv", "kosovo"}).format == OutputFormat::Tsv);
  CHECK_FALSE(parse_searcher_command_line({"kosovo"}).show.has_value());
}
