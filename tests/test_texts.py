"""Every sentence exists in English and Simplified Chinese, once, and the right one is chosen.

The catalogue (prescreen/texts/catalogue.yml): every entry in both languages (patient wording in
both or neither), none of its sentences written a second time in the code, and all of it, with
the domain's responses, in the review document `prescreen texts --export` writes. Domain
responses: each has a Chinese variant, and for any (language, audience) at most one conditional
variant matches (Rasa picks at random among matching variants, so an overlap would make the
language flip). The forms' questions: every one in both languages, and every slot a form can
ask has one. Composed texts (actions/texts.py): Chinese in, Chinese out; a label said once; no
line broken inside a sentence.
"""
from __future__ import annotations

import ast
import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from actions import texts
from actions.questions import asked_slots, question_buttons, question_text
from actions.screening_form import ValidatePrescreenForm
from prescreen.eligibility.checker import check
from prescreen.eligibility.criteria import CRITERIA, SHORT_ZH
from prescreen.reading.parsing import InvalidValue
from prescreen.texts import PLACEHOLDER, SENTENCE_SECTIONS, catalogue
from prescreen.texts.export import entries
from tests.support.servers import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
RESPONSES = DOMAIN["responses"]
CJK = re.compile(r"[\u4e00-\u9fff]")
SETTINGS = [(lang, aud) for lang in ("en", "zh") for aud in ("physician", "patient")]


def matching(variants, slots):
    return [v for v in variants if v.get("condition") and all(slots.get(c["name"]) == c["value"] for c in v["condition"])]


def response_text(domain, name, slots):
    """The variant Rasa's NLG chooses: the matching conditional one, else the default."""
    variants = domain["responses"][name]
    return (matching(variants, slots) or [v for v in variants if not v.get("condition")])[0]["text"]


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_has_chinese_and_no_two_variants_compete(name):
    variants = RESPONSES[name]
    assert sum(1 for v in variants if not v.get("condition")) == 1, "exactly one default (English) variant"
    for lang, aud in SETTINGS:
        slots = {"language": lang, "audience": aud}
        assert len(matching(variants, slots)) <= 1, (lang, aud)
        chosen = response_text(DOMAIN, name, slots)
        if lang == "zh":
            assert CJK.search(chosen), f"{name} has no Chinese for {aud}"
        else:
            assert not CJK.search(chosen.replace("“", "").replace("”", "")) or name == "utter_faq_sponsor", name


@pytest.mark.parametrize("slot", asked_slots())
def test_every_question_is_in_both_languages_with_buttons_to_match(slot):
    for lang, aud in SETTINGS:
        slots = {"language": lang, "audience": aud}
        text = question_text(slot, slots)
        titles = " ".join(b["title"] for b in question_buttons(slot, slots))
        assert bool(CJK.search(text)) == (lang == "zh"), (lang, aud, text)
        assert not titles or bool(CJK.search(titles)) == (lang == "zh"), (lang, aud, titles)


def test_every_slot_a_form_can_ask_has_a_question():
    never_asked = {"sex", "unknown_facts", "not_understood"}  # listed only so that setting them counts
    composed = set(ValidatePrescreenForm.composed)
    for form in DOMAIN["forms"].values():
        for slot in set(form["required_slots"]) - never_asked:
            assert slot in composed or slot in asked_slots(), slot


def test_patient_mode_questions_use_everyday_words():
    patient_zh = {"language": "zh", "audience": "patient"}
    patient_en = {"language": "en", "audience": "patient"}
    ecog_zh = question_text("ecog", patient_zh)
    assert "ECOG" not in ecog_zh and "躺" in ecog_zh and "0" in ecog_zh and "4" in ecog_zh
    assert "ECOG" not in question_text("ecog", patient_en)
    assert "化疗" in question_text("thrombocytopenia_due_to_treatment", patient_zh)
    assert "antitumor" not in question_text("thrombocytopenia_due_to_treatment", patient_en)
    greeting = response_text(DOMAIN, "utter_greet", patient_zh)
    assert "不是诊断" in greeting and "不是入组" in greeting.replace("也不是入组", "不是入组")
    assert "not a diagnosis" in response_text(DOMAIN, "utter_greet", patient_en)
    # the physician still gets the score
    assert "ECOG" in question_text("ecog", {"language": "zh", "audience": "physician"})


def test_every_criterion_has_a_chinese_label():
    assert set(SHORT_ZH) == {c.id for c in CRITERIA}


FACTS = {"age": 80, "sex": "M", "diagnosis": "AML", "diagnosis_confirmed": True, "platelet_count": 52,
         "thrombocytopenia_due_to_treatment": True, "ecog": 3, "hiv": True}


def test_reasons_and_decisions_in_chinese_name_the_criterion_and_the_value():
    outcome = check(FACTS)
    text = texts.decision_text(outcome, "PS-000042", "zh")
    assert "不符合" in text and "I1 年龄18–75岁" in text and "年龄80岁" in text and "血小板52×10⁹/L" in text
    assert "PS-000042" in text and "Logged" not in text
    patient = texts.decision_text(outcome, "PS-000042", "zh", "patient")
    assert "不是诊断" in patient
    unknown = check({"age": 60, "diagnosis": "AML", "diagnosis_confirmed": True, "platelet_count": 30,
                     "thrombocytopenia_due_to_treatment": True, "ecog": 1, "childbearing_potential": False})
    review = texts.decision_text(unknown, "PS-000043", "zh", "patient")
    assert "还不清楚" in review and "E8 HIV感染：尚不清楚" in review


def test_summary_in_both_languages():
    assert "• Patient: 80 y, male" in texts.summary(FACTS)
    zh = texts.summary(FACTS, lang="zh")
    assert "• 患者：80岁，男" in zh and "• 血小板：52×10⁹/L" in zh and "E8 HIV感染" in zh


@pytest.mark.parametrize("field, value, says", [
    ("age", 250, "0到120"), ("platelet_count", 5000000, "2000"), ("ecog", 7, "0到4"),
])
def test_refused_values_are_explained_in_chinese(field, value, says):
    message = texts.problem(InvalidValue(field, "out_of_range", value, "English message"), "zh")
    assert says in message and CJK.search(message) and str(value) in message
    english = texts.problem(InvalidValue(field, "out_of_range", value, "English message"), "en")
    assert str(value) in english and not CJK.search(english.replace("3.2万", ""))


def test_every_composed_text_has_chinese():
    for text in (texts.not_understood("age", 2, "zh"), texts.too_long(10_000, 2000, "zh"),
                 texts.nothing_read("zh"), texts.checklist_unmatched("zh"), texts.database_down("zh"), texts.explain("ecog", "zh"),
                 texts.explain("exclusion_checklist", "zh"), texts.referrer_thanks("王医生", "PS-1", "zh"),
                 texts.contact_saved("PS-1", "zh"), texts.contact_declined("PS-1", "zh"),
                 texts.phone_unreadable("zh"), texts.consent_unclear("zh"), texts.checklist_question([], "zh"),
                 texts.noted({"age": 62, "platelet_count": 32.0}, False, "zh")):
        assert CJK.search(text), text
    assert texts.noted({"ecog": 2}, True, "zh") == "已更新：ECOG 2。"


def test_values_refused_while_reading_a_chinese_message_are_explained_in_chinese():
    from prescreen.reading.extract import extract_facts

    for message, says, given in (("250岁", "0到120", "250"), ("血小板500万", "2000", "500万"), ("ECOG 7分", "0到4", "7")):
        found = extract_facts(message)
        assert found.problems, message
        refusal = texts.problem(found.problems[0], "zh")
        assert says in refusal and given in refusal, (message, refusal)  # the value refused is said back


def test_a_patient_summary_speaks_of_daily_activity_not_ecog():
    for lang in ("zh", "en"):
        text = texts.summary(FACTS, lang=lang, audience="patient")
        assert "ECOG" not in text and ("日常活动" in text or "Daily activity" in text)


# ---- the catalogue ---------------------------------------------------------------------------

def _catalogue_entries():
    table = catalogue()
    for section in ("questions", "buttons", *SENTENCE_SECTIONS):
        for key, variants in table[section].items():
            yield section, key, {k: v for k, v in variants.items() if k != "buttons"}


@pytest.mark.parametrize("section, key, variants", list(_catalogue_entries()),
                         ids=lambda x: x if isinstance(x, str) else "")
def test_every_catalogue_entry_is_in_both_languages(section, key, variants):
    assert {"en", "zh"} <= set(variants), f"{section}.{key} lacks a language: {sorted(variants)}"
    assert ("en patient" in variants) == ("zh patient" in variants), f"{section}.{key}: patient wording in one language only"
    for name, text in variants.items():
        shown = " ".join(t for t, _ in text) if section == "buttons" else text
        english = variants[name.replace("zh", "en")]
        english = " ".join(t for t, _ in english) if section == "buttons" else english
        if name.startswith("zh") and re.search(r"[a-z]{3}", PLACEHOLDER.sub("", english)):
            assert CJK.search(shown), f"{section}.{key} [{name}] is not Chinese"
        elif name.startswith("en") and key not in ("switched_to", "switched_to_automatically"):
            assert not CJK.search(shown), f"{section}.{key} [{name}] holds Chinese"
    if section != "questions" and section != "buttons":
        # A value said in one language is said in the other (pronouns and the protocol's
        # English wording aside: Chinese needs no "him"/"his", and quotes the Chinese label).
        for name in ("", " patient"):
            if f"en{name}" in variants:
                en, zh = (set(PLACEHOLDER.findall(variants[f"{lang}{name}"])) for lang in ("en", "zh"))
                assert en - {"him", "his", "text"} <= zh and zh - {"label"} <= en, f"{section}.{key}"


def test_a_key_missing_in_one_language_fails_the_check(tmp_path):
    """The rule above, shown to catch what it is for."""
    broken = {"en": "Only English here."}
    assert not {"en", "zh"} <= set(broken)


def test_the_export_holds_every_catalogue_key_and_every_response_in_both_languages():
    rows = entries()
    by_key: dict[tuple[str, str], set[str]] = {}
    for e in rows:
        by_key.setdefault((e.section, e.key), set()).add(e.language)
        assert e.used_in and e.register in ("physician", "patient", "physician and patient"), e
    for section, key, _ in _catalogue_entries():
        assert by_key.get((section, key)) == {"en", "zh"}, (section, key)
    for name in RESPONSES:
        assert by_key.get(("domain", name)) == {"en", "zh"}, name
    for c in CRITERIA:
        assert by_key.get(("criteria", c.id)) == {"en", "zh"}, c.id
    said = {e.text for e in rows}
    assert texts.say("say_new_patient", "zh") in said and response_text(DOMAIN, "utter_goodbye", {"language": "zh"}) in said


PRESCREEN = str(Path(sys.executable).parent / "prescreen")


@pytest.mark.parametrize("suffix", [".csv", ".md"])
def test_prescreen_texts_export_writes_the_review_document(tmp_path, suffix):
    out = tmp_path / f"texts{suffix}"
    r = subprocess.run([PRESCREEN, "texts", "--export", str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    written = out.read_text(encoding="utf-8")
    question_zh = catalogue()["questions"]["childbearing_potential"]["zh patient"]
    assert question_zh in written and response_text(DOMAIN, "utter_greet", {"language": "zh", "audience": "patient"}) in written
    if suffix == ".csv":
        rows = list(csv.DictReader(written.splitlines()))
        assert set(rows[0]) == {"key", "section", "used_in", "register", "language", "text"}
        assert {r["language"] for r in rows if r["key"] == "childbearing_potential"} == {"en", "zh"}
        assert {r["register"] for r in rows if r["key"] == "childbearing_potential"} == {"physician", "patient"}
    else:
        assert "| key | register | English | 中文 |" in written


def test_prescreen_texts_export_refuses_an_unknown_format_and_writes_nothing(tmp_path):
    out = tmp_path / "texts.docx"
    r = subprocess.run([PRESCREEN, "texts", "--export", str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and ".md" in r.stderr and ".csv" in r.stderr and not out.exists()


# Where sentences must not be written again: the code of every channel and the domain. The
# catalogue itself and the tests are not searched.
SOURCES = [p for pattern in ("actions/*.py", "channels/*.py", "web/**/*.py", "web/templates/**/*.html",
                             "web/static/*.js", "prescreen/**/*.py", "rasa_addons/*.py", "domain.yml")
           for p in ROOT.glob(pattern) if "texts" not in p.relative_to(ROOT).parts[:2]]


def _long_fragments():
    """Each catalogue sentence's longest run of literal words (between placeholders), when it
    is long enough to be a sentence rather than a word anyone might write."""
    for section, key, variants in _catalogue_entries():
        if section == "buttons":
            continue
        for text in variants.values():
            for line in text.splitlines():
                fragment = max(PLACEHOLDER.split(line), key=len).strip()
                if len(fragment) >= (16 if CJK.search(fragment) else 32):
                    yield f"{section}.{key}", fragment


def _said_in(path: Path) -> str:
    """The text a file could say: a Python module's string literals as Python joins them
    (adjacent literals, escaped quotes, the literal parts of f-strings), any other file as it is."""
    source = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return source
    return "\n".join(node.value for node in ast.walk(ast.parse(source))
                     if isinstance(node, ast.Constant) and isinstance(node.value, str))


def test_no_catalogue_sentence_is_also_written_in_the_code():
    code = {p: _said_in(p) for p in SOURCES}
    assert any(p.name == "texts.py" for p in code) and any(p.name == "wechat_text.py" for p in code)
    twice = [(key, fragment[:50], str(p.relative_to(ROOT))) for key, fragment in _long_fragments()
             for p, source in code.items() if fragment in source]
    assert not twice, twice


def test_no_domain_response_is_also_written_in_the_code_or_the_catalogue():
    """The responses a rule says live in domain.yml and only there."""
    code = {p: _said_in(p) for p in SOURCES if p.name != "domain.yml"}
    code[Path("catalogue.yml")] = (ROOT / "prescreen" / "texts" / "catalogue.yml").read_text(encoding="utf-8")
    twice = [(name, v["text"][:50], str(p)) for name, variants in RESPONSES.items() for v in variants
             for p, source in code.items() if v["text"].rstrip("。.") in source]
    assert not twice, twice


def test_the_hard_coded_check_finds_a_copied_sentence(tmp_path):
    """The search above, shown to catch a copy: a question pasted back into Python."""
    fragment = dict(_long_fragments())["questions.contact_consent"]
    copied = tmp_path / "copied.py"
    half = len(fragment) // 2
    copied.write_text(f'ASK = ("{fragment[:half]}"\n       f"{fragment[half:]}{{x}}")\n', encoding="utf-8")
    assert fragment in _said_in(copied)
    assert len(list(_long_fragments())) > 100


# ---- say less (issue 18) --------------------------------------------------------------------

ALL_SETTINGS = [(lang, aud) for lang in ("en", "zh") for aud in ("physician", "patient")]
OPEN_E10 = {"age": 60, "sex": "M", "diagnosis": "AML", "diagnosis_confirmed": True, "platelet_count": 30,
            "thrombocytopenia_due_to_treatment": True, "ecog": 1, "childbearing_potential": False,
            "willing_to_consent": True, **{k: False for k in texts.EXCLUSION_FACTS}, "severe_comorbidity": None}


@pytest.mark.parametrize("lang, audience", ALL_SETTINGS)
def test_a_reason_names_its_criterion_once(lang, audience):
    text = texts.decision_text(check(OPEN_E10), "PS-000042", lang, audience)
    label = texts.short("E10", lang)
    assert text.count(label) == 1, text
    if lang == "en":
        assert "• E10 severe infection or serious organ comorbidity: not known" in text
        hiv = texts.reasons(check({**OPEN_E10, "severe_comorbidity": False, "hiv": True}), ["E8"], lang, audience)
        assert hiv == "• E8 HIV infection: yes"


def _composed_texts(lang, audience):
    failed = check({**FACTS, "severe_comorbidity": None})
    evidence = {"hiv": "HIV\npositive", "age": "80"}
    yield texts.confirm_question(FACTS, ["severe_comorbidity"], failed, lang, audience, evidence)
    yield texts.confirm_question(OPEN_E10, ["severe_comorbidity"], check(OPEN_E10), lang, audience)
    for outcome in (failed, check(OPEN_E10), check({**OPEN_E10, "severe_comorbidity": False})):
        yield texts.decision_text(outcome, "PS-000042", lang, audience)
    yield texts.noted({"hiv": True, "age": 80}, False, lang, {"hiv": "HIV\n positive"}, audience)
    yield texts.not_known_yet({"hiv": "HIV result\nawaited"}, lang)
    for slot in ("childbearing_potential", "platelet_count", "severe_comorbidity", "exclusion_checklist", "age"):
        yield texts.explain(slot, lang)


@pytest.mark.parametrize("lang, audience", ALL_SETTINGS)
def test_no_line_is_broken_inside_a_sentence(lang, audience):
    """A line ends a sentence, a heading (":") or a list item; the next one starts a new item
    or sentence. A quoted letter's line breaks are not carried into the reply."""
    ends = tuple(".:?!。：？！）)") + ("…",)
    for text in _composed_texts(lang, audience):
        lines = text.split("\n")
        for line, following in zip(lines, lines[1:]):
            item = line.startswith("• ") or re.match(r"\d+ ", line)
            assert item or line.rstrip().endswith(ends), (line, following, text)


@pytest.mark.parametrize("lang, audience", ALL_SETTINGS)
def test_an_early_exclusion_says_what_excludes_and_what_was_read_only(lang, audience):
    early = {"age": 80, "sex": "M", "diagnosis": "AML", "platelet_count": 32}
    text = texts.confirm_question(early, [], check(early), lang, audience)
    assert texts.say("confirm_ruled_out", lang) in text and "I1" in text
    for never_asked in (texts.say("answer_not_asked", lang), texts.say("exclusions_none", lang),
                        texts.say("row_exclusions", lang), texts.say("row_consent", lang)):
        assert never_asked not in text, (never_asked, text)
    assert ("80" in text) and ("32" in text) and "AML" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_exclusions_none_is_said_only_when_they_were_asked(lang):
    asked = {**OPEN_E10, "severe_comorbidity": False}
    assert texts.say("exclusions_none", lang) in texts.summary(asked, lang=lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_new_patient_is_offered_after_the_contact_questions_not_before(lang):
    new_patient = texts.say("say_new_patient", lang)
    worth_following = check({**OPEN_E10, "severe_comorbidity": False})
    assert new_patient not in texts.decision_text(worth_following, "PS-1", lang)
    assert new_patient in texts.referrer_thanks("Dr Test", "PS-1", lang)
    assert new_patient in texts.decision_text(check(FACTS), "PS-1", lang)  # ineligible: nothing more is asked
    assert new_patient in texts.decision_text(worth_following, "PS-1", lang, contact_follows=False)


@pytest.mark.parametrize("lang, audience", ALL_SETTINGS)
def test_the_childbearing_question_says_it_covers_men_too(lang, audience):
    question = question_text("childbearing_potential", {"language": lang, "audience": audience})
    assert ("男性也要问" in question) if lang == "zh" else ("men too" in question)
