#!/usr/bin/env python3
"""Unit tests of the GeoNames place rules of tools/gen_gazetteers.py (select_places and
its helpers), on synthetic rows: no ../shared data needed.

  python3 tools/test_gen_places.py       (also run by tests/e2e/test_gen_gazetteers.sh)
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_gazetteers as gg  # noqa: E402

_next_id = [1000]


def row(name, cc, pop, fcode="PPL", alts=(), ascii=None):
    _next_id[0] += 1
    return gg.PlaceRow(str(_next_id[0]), name, ascii if ascii is not None else name, alts,
                       fcode, cc, pop)


def rules(**kw):
    base = dict(pop=100000, seat_pop=50000, region_pop=20000, region_seat_pop=10000,
                dateline_pop=30000, dateline_seat_pop=30000, dominance=10.0)
    base.update(kw)
    return gg.PlaceRules(**base)


def select(rows, r=None, ctx=None):
    """{cc: [(key, name)]} and the report of what was left out."""
    report = []
    out = gg.select_places(rows, r or rules(), ctx or gg.PlaceContext(), report)
    return {cc: [(k, n) for k, n, _ in v] for cc, v in out.items()}, report


def names(result, cc):
    return [n for _, n in result.get(cc, [])]


class Threshold(unittest.TestCase):
    # RS is in the project's regions, US a dateline country, FR in neither.

    def test_population_bar_per_tier(self):
        got, _ = select([row("Zrenjanin", "RS", 25000), row("Sombor", "RS", 15000),
                         row("Quimper", "FR", 60000), row("Grenoble", "FR", 150000)])
        self.assertEqual(names(got, "RS"), ["Zrenjanin"])
        self.assertEqual(names(got, "FR"), ["Grenoble"])

    def test_seats_take_the_lower_bar(self):
        got, _ = select([row("Pirot", "RS", 12000, "PPLA2"), row("Bor", "RS", 12000),
                         row("Valence", "FR", 60000, "PPLA2")])
        self.assertEqual(names(got, "RS"), ["Pirot"])  # Bor: a plain town (and 3 letters)
        self.assertEqual(names(got, "FR"), ["Valence"])

    def test_capitals_always_and_as_metonyms(self):
        ctx = gg.PlaceContext()
        ctx.independent = {"AL"}
        got, _ = select([row("Tiranija", "AL", 900, "PPLC")], ctx=ctx)
        self.assertEqual(got["AL"], [("metonym", "Tiranija")])

    def test_exact_names_of_places_stay_places(self):
        # names matched only as written keep their role: a query for them is not one for the
        # country (FORMAT.md, "Own names and places")
        ctx = gg.PlaceContext()
        ctx.independent = {"TR"}
        ctx.slavic = {gg.inflection_key("mira")}
        got, _ = select([row("Mira", "TR", 30000), row("Mira", "TR", 900, "PPLC")], ctx=ctx)
        self.assertEqual(sorted(got["TR"]), [("metonym-exact", "Mira"), ("place-exact", "Mira")])

    def test_city_sections_and_unpopulated_rows_are_left_out(self):
        got, _ = select([row("Brixtonia", "RS", 90000, "PPLX"), row("Nowhere", "RS", 0, "PPLA")])
        self.assertEqual(got, {})

    def test_threshold_function(self):
        r = rules()
        self.assertEqual(r.threshold("UA", "PPL"), 20000)
        self.assertEqual(r.threshold("UA", "PPLA2"), 10000)
        self.assertEqual(r.threshold("US", "PPL"), 30000)
        self.assertEqual(r.threshold("JP", "PPLA"), 50000)
        self.assertEqual(r.threshold("JP", "PPLC"), 0)

    def test_dateline_towns_count_in_capitals_only(self):
        got, _ = select([row("Framingham", "US", 70000), row("Fort Wayne", "US", 260000)])
        self.assertEqual(got["US"], [("place-exact", "FORT WAYNE"), ("place-exact", "FRAMINGHAM")])
        got, _ = select([row("Framingham", "US", 70000)], rules(dateline_caps_pop=50000))
        self.assertEqual(got["US"], [("place", "Framingham")])


class SeveralCountries(unittest.TestCase):

    def test_a_dominant_place_keeps_its_name(self):
        got, rep = select([row("Kragujevac", "RS", 300000), row("Kragujevac", "BA", 25000)])
        self.assertEqual(names(got, "RS"), ["Kragujevac"])
        self.assertNotIn("BA", got)
        self.assertTrue(any(cc == "BA" and "shared with RS" in why for cc, _, _, why in rep))

    def test_a_name_shared_without_dominance_is_dropped_everywhere(self):
        got, rep = select([row("Novoselo", "RS", 60000), row("Novoselo", "BG", 30000)])
        self.assertEqual(got, {})
        self.assertEqual(sorted(cc for cc, _, _, _ in rep), ["BG", "RS"])

    def test_the_factor_is_a_parameter(self):
        rows = [row("Kragujevac", "RS", 150000), row("Kragujevac", "BA", 20000)]
        self.assertEqual(names(select(rows)[0], "RS"), [])  # 7.5x < 10x
        self.assertEqual(names(select(rows, rules(dominance=5))[0], "RS"), ["Kragujevac"])

    def test_alternate_names_count_as_namesakes(self):
        rows = [row("Pristanak", "RS", 80000), row("Other", "HR", 50000, alts=["Pristanak"])]
        self.assertEqual(names(select(rows)[0], "RS"), [])

    def test_a_failing_name_leaves_the_whole_row_out(self):
        rows = [row("Novoselo", "RS", 60000, alts=["Новосело"]), row("Novoselo", "BG", 30000)]
        got, rep = select(rows)
        self.assertNotIn("RS", got)  # not even its Cyrillic spelling
        self.assertTrue(any(why.startswith("row left out") for _, _, _, why in rep))

    def test_names_of_other_countries_and_vetoes(self):
        ctx = gg.PlaceContext()
        ctx.taken = {"jordan": {"JO"}}
        ctx.blocked = {"minsk group": "veto of BY"}
        got, _ = select([row("Jordan", "PH", 2000000), row("Minsk Group", "RS", 90000)], ctx=ctx)
        self.assertEqual(got, {})

    def test_generic_names_of_one_country(self):
        got, _ = select([row("Oktyabrsky", "RU", 40000), row("Oktyabrsky", "RU", 35000),
                         row("Oktyabrsky", "RU", 30000)])
        self.assertEqual(got, {})


class CommonWords(unittest.TestCase):

    def ctx(self):
        c = gg.PlaceContext()
        c.common = {"split", "reading", "villages"}
        c.stopwords = {"the", "about"}
        c.persons = {"adler"}
        c.companies = {"toyota"}
        c.currencies = {"lira"}
        c.slavic = {gg.inflection_key("mira")}
        return c

    def test_common_words_stop_words_and_names_are_vetoed(self):
        rows = [row("Split", "HR", 170000), row("Reading", "GB", 300000, "PPLA2"),
                row("About", "RS", 50000), row("Adler", "RU", 70000), row("Toyota", "JP", 360000),
                row("Lira", "UG", 120000), row("Mardin", "TR", 60000)]
        got, rep = select(rows, rules(pop=100000, seat_pop=100000), self.ctx())
        self.assertEqual(got, {"TR": [("place", "Mardin")]})
        whys = {n: why for _, n, _, why in rep}
        self.assertIn("common word", whys["Split"])
        self.assertIn("stop word", whys["About"])
        self.assertIn("person name", whys["Adler"])
        self.assertIn("company name", whys["Toyota"])
        self.assertIn("currency", whys["Lira"])

    def test_the_veto_compares_folded_forms(self):
        # Сплит (Cyrillic) folds to 'split': also a common word
        got, _ = select([row("Splitsko", "RS", 90000, alts=["Сплит"])], ctx=self.ctx())
        self.assertEqual(names(got, "RS"), ["Splitsko"])

    def test_places_of_slavic_countries_count_as_written(self):
        # their stems are those of common words in Slavic articles (Yuzhne ~ южном)
        got, _ = select([row("Yuzhne", "UA", 30000), row("Mardin", "TR", 30000)])
        self.assertEqual(got, {"UA": [("place-exact", "Yuzhne")], "TR": [("place", "Mardin")]})

    def test_common_phrases(self):
        got, _ = select([row("The Villages", "PS", 80000)], ctx=self.ctx())
        self.assertEqual(got, {})

    def test_slavic_word_stems_become_exact(self):
        got, _ = select([row("Mira", "TR", 30000)], ctx=self.ctx())
        self.assertEqual(got["TR"], [("place-exact", "Mira")])

    def test_patronymics_are_person_names(self):
        got, _ = select([row("Bogdanovich", "RU", 30000)])
        self.assertEqual(got, {})


class Spellings(unittest.TestCase):

    def test_codes_digits_urls_and_short_names(self):
        for bad in ("Moskva 2", "LED", "MOSKVA", "http://ru.wikipedia.org/Moskva", "Bar",
                    "mo si ke", "Moskva (city)", "www.moskva.ru", "Ar-Raqqah, Syria", "Y"):
            self.assertIsNotNone(gg.place_name_problem(bad), bad)
        for good in ("Moskva", "Москва", "Ar-Raqqah", "Saint-Étienne", "St. Louis",
                     "Kramators'k"):
            self.assertIsNone(gg.place_name_problem(good), good)

    def test_alternate_names_are_filtered(self):
        r = row("Kramatorsk", "UA", 150000, alts=[
            "Kramators'k", "KBP", "Краматорськ", "Краматорск", "kelamatuosike",
            "Крамат 1", "Urbs", "Kramatorsk2"])
        got, _ = select([r])
        self.assertEqual(names(got, "UA"),
                         ["Kramatorsk", "Kramators'k", "Краматорськ", "Краматорск"])
        got, _ = select([row("Mardin", "TR", 150000, alts=["Mardín", "Mardin'"])])
        self.assertEqual(names(got, "TR"), ["Mardin"])  # the others fold like it

    def test_parts_of_other_spellings_and_small_places_alternates(self):
        got, _ = select([row("El Banco", "CO", 2000000, alts=["Banco", "Elbanco"])])
        self.assertEqual(names(got, "CO"), ["El Banco", "Elbanco"])
        # ... but with an Arabic article the bare word is the usual form (Fallujah)
        got, _ = select([row("Al Fallujah", "IQ", 190000, alts=["Fallujah", "Al-Falluja"])])
        self.assertEqual(names(got, "IQ"), ["Al Fallujah", "Fallujah", "Al-Falluja"])
        got, _ = select([row("Zrenjanin", "RS", 25000, alts=["Zrenjanini", "Зрењанин"])])
        self.assertEqual(names(got, "RS"), ["Zrenjanin", "Зрењанин"])  # no Latin alternates

    def test_cyrillic_only_in_countries_that_write_it(self):
        got, _ = select([row("Reno", "US", 600000, alts=["Рино"])])
        self.assertEqual(names(got, "US"), ["Reno"])

    def test_curated_ambiguous_names_block_the_row(self):
        ctx = gg.PlaceContext()
        ctx.row_block = {"AT": gg.fold_variants("Vienna")}
        got, _ = select([row("Wien", "AT", 1900000, "PPLC", alts=["Vienna", "Вена"])], ctx=ctx)
        self.assertEqual(got, {})


class Determinism(unittest.TestCase):

    def test_same_rows_same_result_in_any_order(self):
        rows = [row("Zrenjanin", "RS", 25000), row("Novi Pazar", "RS", 66000),
                row("Kragujevac", "RS", 150000), row("Mostar", "BA", 60000)]
        a, _ = select(rows)
        b, _ = select(list(reversed(rows)))
        self.assertEqual(a, b)
        self.assertEqual(names(a, "RS"), ["Kragujevac", "Novi Pazar", "Zrenjanin"])


if __name__ == "__main__":
    unittest.main()
