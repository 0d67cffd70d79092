#!/usr/bin/env python3
"""Unit tests of tools/gen_actors.py on synthetic input (no ../shared needed).

    python3 -m unittest tools/test_gen_actors.py      (or: python3 tools/test_gen_actors.py)
"""

import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_actors as ga  # noqa: E402
import gen_gazetteers as gg  # noqa: E402

PHOENIX_PERSONS = """\
# comment line
RUSSIA_  [RUS]
+RUSSIAN_
+MOSCOW_
VLADIMIR_PUTIN_  # CountryInfo.txt
+VLADIMIR_VLADIMIROVICH_PUTIN_
+PUTIN_
+PRESIDENT_PUTIN_
+RUSSIAN_PRESIDENT_VLADIMIR_V._PUTIN
+VLADIMIR_V._PUTIN
+V._PUTIN
\t[RUSELI 700101-990809]
\t[RUSGOV >080508]
LEONID_BREZHNEV_  # CountryInfo.txt
LEONID_ILYICH_BREZHNEV
SECRETARY_BREZHNEV
\t[RUSGOV 641014-821110]
ABDUL_QADIR_  ; CountryInfo.txt
+NUR_MOHAMMAD_TARAKI_  ; CountryInfo.txt
\t[AFGGOV 780427-780430]
KREMLIN_
\t[RUSGOV]
JOHN_Q._PUBLIC_
\t[USABUS 900101-950101]
"""


def lexicon(**kw):
    args = dict(stopwords=["the", "of", "and", "who", "will"],
                words={"hope", "care", "red", "army", "popular", "front", "national", "party",
                       "god", "bell", "mark", "brown"},
                country_names={"russia", "russian", "russians", "moscow", "georgia"},
                country_words={"russia", "russian", "russians"},
                curated_names={"nato", "north atlantic treaty organization", "putin"},
                vetoes={"daniil medvedev"}, proper={"john", "gordon", "george"})
    args.update(kw)
    return ga.Lexicon(**args)


class ReadingTest(unittest.TestCase):
    def test_records_share_codes_as_petrarch_reads_them(self):
        recs = ga.parse_tabari(PHOENIX_PERSONS.split("\n"))
        self.assertEqual(recs[0]["names"][0], "RUSSIA_")
        self.assertEqual(recs[0]["codes"], [("RUS", "")])
        putin = recs[1]
        self.assertEqual(putin["names"][0], "VLADIMIR_PUTIN_")
        self.assertIn("V._PUTIN", putin["names"])
        self.assertEqual(putin["codes"], [("RUSELI", "700101-990809"), ("RUSGOV", ">080508")])
        # name lines before any code form one record (un-prefixed synonyms)
        self.assertEqual(recs[2]["names"], ["LEONID_BREZHNEV_", "LEONID_ILYICH_BREZHNEV", "SECRETARY_BREZHNEV"])

    def test_phrase_tokens(self):
        self.assertEqual(ga.phrase_tokens("VLADIMIR_V._PUTIN_"), ["VLADIMIR", "V.", "PUTIN"])
        self.assertIsNone(ga.phrase_tokens("ANTHONY_CROSLAND,_THEN_DAVID_OWEN_"))
        self.assertIsNone(ga.phrase_tokens("ORDER_II_2"))
        self.assertEqual(ga.split_parenthetical("ISLAMIC_ARMY_OF_ADEN_(IAA)_"), ("ISLAMIC_ARMY_OF_ADEN_ _", ["IAA"]))


class PersonNameTest(unittest.TestCase):
    def test_putin_forms(self):
        recs = ga.parse_tabari(PHOENIX_PERSONS.split("\n"))
        name, aliases = ga.person_names(recs[1]["names"], lexicon())
        self.assertEqual(name, "Vladimir Putin")
        # titles (PRESIDENT_, RUSSIAN_), the bare surname and initials + surname are gone;
        # the form with the middle initial is kept beside the converted one
        self.assertEqual(aliases, ["Vladimir Putin", "Vladimir Vladimirovich Putin", "Vladimir V. Putin"])

    def test_other_person_in_the_record_is_dropped(self):
        recs = ga.parse_tabari(PHOENIX_PERSONS.split("\n"))
        name, aliases = ga.person_names(recs[3]["names"], lexicon())
        self.assertEqual((name, aliases), ("Abdul Qadir", ["Abdul Qadir"]))

    def test_title_and_country_forms(self):
        lex = lexicon()
        self.assertFalse(ga.person_form_ok(["PRESIDENT", "PUTIN"], lex))
        self.assertFalse(ga.person_form_ok(["RUSSIAN", "LEADER", "BORIS", "YELTSIN"], lex))
        self.assertFalse(ga.person_form_ok(["GOV.", "GEORGE", "BUSH"], lex))
        self.assertFalse(ga.person_form_ok(["PUTIN"], lex))                # bare surname
        self.assertFalse(ga.person_form_ok(["J.", "SMITH"], lex))          # initials only
        self.assertFalse(ga.person_form_ok(["LORD", "ROBERTSON", "OF", "PORT", "ELLEN"], lex))
        self.assertFalse(ga.person_form_ok(["AHMAD", "FAHAD", "AL"], lex))  # cut-off record
        self.assertTrue(ga.person_form_ok(["JAMES", "A.", "BAKER", "III"], lex))

    def test_casing(self):
        self.assertEqual(ga.display(["ROBERT", "MCNAMARA"]), "Robert McNamara")
        self.assertEqual(ga.display(["MICHAEL", "O'KENNEDY"]), "Michael O'Kennedy")
        self.assertEqual(ga.display(["BAN", "KI-MOON"]), "Ban Ki-Moon")
        self.assertEqual(ga.display(["JAVIER", "DE", "CUELLAR"]), "Javier de Cuellar")
        self.assertEqual(ga.display(["UN", "MISSION", "IN", "SUDAN"], org=True), "UN Mission in Sudan")
        self.assertEqual(ga.display(["CHILDREN'S", "FUND"], org=True), "Children's Fund")

    def test_build_persons_state_roles_only(self):
        recs = ga.parse_tabari(PHOENIX_PERSONS.split("\n"))
        report = []
        cca3 = {"RUS": "RU", "AFG": "AF", "USA": "US"}
        persons = ga.build_persons(recs, lexicon(), cca3, {"RU", "AF", "US"}, report)
        names = {p.name: p for p in persons}
        self.assertEqual(sorted(names), ["Abdul Qadir", "Leonid Brezhnev", "Vladimir Putin"])
        self.assertEqual(names["Vladimir Putin"].affiliation, "RU")
        # KREMLIN_ (undated institution) and JOHN_Q._PUBLIC_ (business role) are not persons
        self.assertNotIn("Kremlin", names)


class DropRuleTest(unittest.TestCase):
    def test_drop_reasons(self):
        lex = lexicon()
        self.assertEqual(ga.drop_reason("Xi", False, lex), "two letters or fewer")
        self.assertIsNone(ga.drop_reason("AU", True, lex))                 # exact acronym, 2 capitals
        self.assertEqual(ga.drop_reason("Au", True, lex), "two letters or fewer")
        self.assertEqual(ga.drop_reason("Hope", False, lex), "common English word")
        self.assertEqual(ga.drop_reason("WHO", True, lex), "common English word")
        self.assertEqual(ga.drop_reason("Mark Bell", False, lex), "only common English words")
        self.assertIsNone(ga.drop_reason("Mark Bell", False, lex, person=False))
        self.assertEqual(ga.drop_reason("Georgia", False, lex), "country name")
        self.assertEqual(ga.drop_reason("Daniil Medvedev", False, lex), "veto phrase of actors.gaz")
        self.assertEqual(ga.drop_reason("J. Smith", False, lex), "initials only")
        self.assertIsNone(ga.drop_reason("Vladimir Putin", False, lex))

    def test_org_forms(self):
        lex = lexicon()
        longs, singles = ga.org_forms(["ORGANIZATION_OF_PETROLEUM_EXPORTING_COUNTRIES_", "OPEC",
                                       "OPEC_SECRETARY_GENERAL", "ABDALLAH_EL-BADRI"], lex)
        self.assertEqual(longs, [["ORGANIZATION", "OF", "PETROLEUM", "EXPORTING", "COUNTRIES"]])
        self.assertEqual(singles, ["OPEC"])
        # a group's one-word synonym must spell its main word; a person's surname never stays
        longs, singles = ga.org_forms(["HEZBOLLAH_", "HIZBULLAH", "HASSAN_NASRALLAH", "NASRALLAH",
                                       "ISLAMIC_JIHAD_", "PARTY_OF_GOD_", "YAHWEH"], lex, group=True)
        self.assertEqual(singles, ["HEZBOLLAH", "HIZBULLAH"])
        self.assertIn(["PARTY", "OF", "GOD"], longs)
        self.assertNotIn(["ISLAMIC", "JIHAD"], longs)
        self.assertTrue(ga.long_name_ok(["PARTY", "OF", "GOD"], lex))
        self.assertFalse(ga.long_name_ok(["POPULAR", "FRONT"], lex))
        self.assertEqual(ga.initials_of(["ORGANIZATION", "OF", "AMERICAN", "STATES"]), "OAS")

    def test_common_names(self):
        lex = lexicon()
        first = {"john": 30, "juan": 40, "carlos": 50, "gordon": 3}
        last = {"williams": 5, "brown": 1, "carlos": 1}
        self.assertTrue(ga.given_names_only("Juan Carlos", first, last))
        self.assertFalse(ga.given_names_only("John Williams", first, last))
        self.assertTrue(ga.common_name("John Williams", first, last, lex))
        self.assertTrue(ga.common_name("Gordon Brown", first, last, lex))   # brown: a common word
        self.assertFalse(ga.common_name("Vladimir Putin", first, last, lex))

    def test_bare_surname_and_gating(self):
        lex = lexicon()
        reagan = ga.Entry("person", "Ronald Reagan", 1, "person", "US")
        reagan.alias = ["Ronald Reagan"]
        w1 = ga.Entry("person", "John Williams", 2, "person", "BB")
        w1.alias = ["John Williams"]
        w2 = ga.Entry("person", "John Q Williams", 3, "person", "GD")
        w2.alias = ["John Q Williams"]
        brown = ga.Entry("person", "Gordon Brown", 4, "person", "GB")
        brown.alias = ["Gordon Brown"]
        entries = [reagan, w1, w2, brown]
        ga.gate_common_names(entries, lex, [])
        self.assertEqual((reagan.alias, reagan.ambiguous), (["Ronald Reagan"], ["Reagan"]))
        self.assertEqual((w1.alias, w1.ambiguous), ([], ["John Williams"]))  # John, Williams: shared
        self.assertEqual(brown.ambiguous, ["Gordon Brown"])                 # brown: a common word

    def test_title_before_given_name(self):
        name, aliases = ga.person_names(["RONALD_REAGAN_", "GOVENOR_RONALD_REAGAN", "PRESIDENT-ELECT_REAGAN",
                                         "RONALD_WILSON_REAGAN"], lexicon())
        self.assertEqual(aliases, ["Ronald Reagan", "Ronald Wilson Reagan"])

    def test_slug(self):
        self.assertEqual(ga.slug("Luiz Inácio Lula da Silva"), "luiz-inacio-lula-da-silva")
        long_id = ga.slug("Anti-Imperialist Territorial Nuclei for the Construction of the Fighting Communist Party")
        self.assertLessEqual(len(long_id), ga.SLUG_MAX)
        self.assertTrue(gg.OTHER_ID.match(long_id))


class OutputTest(unittest.TestCase):
    def write(self, d, name, text):
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            f.write(text)

    def test_curated_wins_shared_names_dropped_and_check(self):
        lex = lexicon()
        report = []
        a = ga.Entry("igo", "North Atlantic Treaty Organization", 1, "organisation")
        a.alias, a.exact = ["North Atlantic Treaty Organization"], ["NATO"]
        b = ga.Entry("person", "Ivan Petrov", 2, "person", "RU")
        b.alias = ["Ivan Petrov", "Ivan Ivanovich Petrov"]
        c = ga.Entry("person", "Ivan Petrov", 3, "person", "BG")
        c.alias = ["Ivan Petrov", "Ivan Georgiev Petrov"]
        d = ga.Entry("person", "Hope Care", 4, "person", "RU")
        d.alias = ["Hope Care"]
        kept = ga.finish([a, b, c, d], lex, report, {"nato"})
        self.assertEqual([e.alias for e in kept], [["Ivan Ivanovich Petrov"], ["Ivan Georgiev Petrov"]])
        self.assertEqual(sorted(e.id for e in kept), ["ivan-petrov", "ivan-petrov-bg"])
        self.assertTrue(any("actors.gaz" in why for _, _, why in report))
        text = ga.render(kept, ["# test"])
        with tempfile.TemporaryDirectory() as d:
            self.write(d, "countries.gaz", "@facet country\nid: RU\nname: Russia\nalias: Russia\n\n"
                                           "id: BG\nname: Bulgaria\nalias: Bulgaria\n")
            self.write(d, "actors.gaz", "@facet actor\nid: nato\nname: NATO\ntype: organisation\nalias: NATO\n")
            self.write(d, "actors-world.gaz", text)
            with contextlib.redirect_stdout(io.StringIO()):
                self.assertEqual(ga.run_check(d), 0)
            # a name of the curated file repeated in the generated one is an error
            self.write(d, "actors-world.gaz", text + "\nid: nato-2\nname: NATO\ntype: organisation\nalias: NATO\n")
            err = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                self.assertEqual(ga.run_check(d), 1)
            self.assertIn("actors-world.gaz", err.getvalue())
            self.assertIn("folds like", err.getvalue())

    def test_render_is_format_1(self):
        e = ga.Entry("person", "John Williams", 1, "person", "BB")
        e.ambiguous, e.id = ["John Williams"], "john-williams"
        text = ga.render([e], ["# header"])
        self.assertIn("@cue president | minister | ", text)
        self.assertIn("@cue-window 1\n", text)
        self.assertIn("ambiguous: John Williams\n", text)
        with tempfile.TemporaryDirectory() as d:
            self.write(d, "x.gaz", text)
            g = gg.parse_gaz(os.path.join(d, "x.gaz"))
            self.assertEqual(g.errors, [])
            self.assertEqual(len(g.entries), 1)


if __name__ == "__main__":
    unittest.main()
