"""The shared spaCy pipelines and the text normalisation every parser uses.

Both pipelines are blank (no downloaded model): English text goes through `spacy.blank("en")`,
text containing Chinese through `spacy.blank("zh")` with the jieba segmenter, whose dictionary
ships with jieba. Rule lexicons (`Lexicon`) are matched the same way in both, so one code path
reads English and Chinese.

A message is read once, as one Doc (`read`): the pipeline of its script tokenises it and its
components annotate it, medspaCy's shape: quantities with their units and durations
(prescreen.reading.quantities), the criterion terms, cues and diagnoses, then ConText's state
of each mention (both added by prescreen.reading.extract). extract_facts turns the annotated
Doc into facts.

spaCy is imported only when a pipeline is first needed: the checker and the command line use
`normalise` (through prescreen.reading.parsing) and must not pay spaCy's import time.
"""
from __future__ import annotations

import logging
import re
import threading
import unicodedata
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence, cast

from prescreen.reading.lexicon import CANTONESE_CHARACTERS, CJK_RANGES, SEGMENTER_NOT_WORDS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

CJK = re.compile(f"[{CJK_RANGES}]")
_CJK_RUN = re.compile(f"[{CJK_RANGES}]+")
# Chinese punctuation (、。「」【】) and full-width forms (，：（）): text typed with them is segmented
# as Chinese even without a Chinese character ("HIV(-)、HBV(-)", "AML-M2，HBsAg(-)"); the English
# tokenizer would leave such a run as one token.
_CJK_PUNCT = re.compile(r"[\u3001-\u3003\u3008-\u3011\u3014-\u301b\uff01-\uff65]")
_LATIN = re.compile(r"[A-Za-z]")

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# Characters NFKC leaves alone but that mean the same thing here.
_EQUIVALENTS = {
    "×": "x", "✕": "x", "╳": "x",
    "μ": "u",  # NFKC has already turned the micro sign µ into the Greek μ
    "–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-", "～": "~",
    "‘": "'", "’": "'", "“": '"', "”": '"',
    "。": ".", "｡": ".",
}
# A sign written straight after a word ("HIV-", "hep B+") becomes its own token, so that
# "-"/"+" can be read as negative/positive; "B-ALL" and "IL-11" are left alone.
_GLUED_RESULT = re.compile(r"[(（]\s*[+\-±－]\s*[)）]")
_SIGN_AFTER_WORD_ENDS = re.compile(rf"[\s,;.:)/]|[{CJK_RANGES}]")


def normalise(text: str) -> str:
    """Full-width forms to ASCII, ×/* before 10 to x, µ/μ to u, superscripts to ^n."""
    return normalise_mapped(text)[0]


def normalise_mapped(text: str) -> tuple[str, list[int]]:
    """`normalise`, with the index in `text` of every character of the result.

    Character by character, so that a span found in the normalised text can be mapped back.
    """
    out: list[str] = []
    where: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch in "⁰¹²³⁴⁵⁶⁷⁸⁹":
            j = i
            while j < n and text[j] in "⁰¹²³⁴⁵⁶⁷⁸⁹":
                j += 1
            # "10⁹" must stay "10^9", not become "109"
            piece = "^" + text[i:j].translate(_SUPERSCRIPTS)
            out.extend(piece)
            where.extend([i] * len(piece))
            i = j
            continue
        piece = unicodedata.normalize("NFKC", ch)
        piece = "".join(_EQUIVALENTS.get(c, c) for c in piece)
        if CJK.match(piece):
            piece = _CANTONESE.get(piece) or _simplified(piece)
        if piece == "(" and i > 0 and text[i - 1].isalnum() and _GLUED_RESULT.match(text, i):
            piece = " ("  # "HIV Ab(-)": the result its own token, as "HIV Ab (-)"
        elif piece in ("*", "X") and text[i + 1:i + 3].lstrip().startswith("10"):
            piece = "x"  # 35*10^9/L, 35X10^9/L
        elif piece in ("+", "-") and i > 0 and text[i - 1].isalnum() and not CJK.match(text[i - 1]):
            following = text[i + 1] if i + 1 < n else " "
            if _SIGN_AFTER_WORD_ENDS.match(unicodedata.normalize("NFKC", following)):
                piece = " " + piece
        out.extend(piece)
        where.extend([i] * len(piece))
        i += 1
    return "".join(out), where


_SIMPLIFIED: dict[str, str] = {}
_CANTONESE = CANTONESE_CHARACTERS


def _simplified(ch: str) -> str:
    """A traditional character as the simplified one the lexicon holds ("確診" -> "确诊", "歲" ->
    "岁"): families in Hong Kong and Taiwan write them. One character for one, by OpenCC's
    character table (opencc-python-reimplemented, its data in the package), so offsets hold."""
    found = _SIMPLIFIED.get(ch)
    if found is None:
        with _lock:
            if "t2s" not in _converters:
                from opencc import OpenCC

                _converters["t2s"] = OpenCC("t2s")
            converted = _converters["t2s"].convert(ch)
        found = _SIMPLIFIED[ch] = converted if len(converted) == 1 else ch
    return found


def language_of(text: str) -> str:
    """'zh' when the text is mainly Chinese (a CJK character carries about a word's worth)."""
    cjk = len(CJK.findall(text))
    return "zh" if cjk and cjk * 2 >= len(_LATIN.findall(text)) else "en"


# ---- pipelines ---------------------------------------------------------------------------

_lock = threading.RLock()  # the action server may call in from several threads
_pipelines: dict[str, "Language"] = {}
_converters: dict[str, Any] = {}  # OpenCC's, made on first use
_zh_words: set[str] = set()  # Chinese lexicon terms the segmenter must keep whole
_ZH_WORD_FREQ = 1_000_000  # high enough that jieba never splits a registered term
# Components other modules add to both pipelines, after the quantities, in the order added:
# name -> function of a Doc (see `add_component`).
_components: dict[str, Callable[["Doc"], "Doc"]] = {}


def pipeline(lang: str) -> "Language":
    """The blank pipeline for 'en' or 'zh', built once per process."""
    with _lock:
        if lang not in _pipelines:
            _pipelines[lang] = _build_pipeline(lang)
        return _pipelines[lang]


def import_spacy():
    """spaCy, imported without TensorFlow or PyTorch.

    thinc imports TensorFlow when it is installed (Rasa installs it) only to offer wrappers we
    never use; that costs seconds and a screen of log lines in the CLI and the action server.
    If TensorFlow is not already loaded, it is hidden while spaCy loads; a process that has it
    (the Rasa server) is left alone."""
    import sys

    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    hidden = [m for m in ("tensorflow", "torch") if m not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes "import name" raise ImportError
    try:
        import spacy
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return spacy


def import_medspacy_context():
    """medspaCy's ConText, imported without QuickUMLS.

    `medspacy.util` imports QuickUMLS at module level for its UMLS concept matcher, which this
    project never uses (no UMLS data here), and QuickUMLS imports NLTK and SciPy: 0.6 s and
    about 64 MB in every process that reads text (the action server was 300 MB with it). A
    stand-in module answers that one import while medspaCy loads and is then taken away, so an
    explicit `import quickumls` elsewhere still gets the real package."""
    import sys
    import types

    if "medspacy.context" in sys.modules or "quickumls" in sys.modules:
        return sys.modules.get("medspacy.context") or __import__("medspacy.context").context
    import_spacy()
    stand_in = types.ModuleType("quickumls")
    stand_in.spacy_component = None  # type: ignore[attr-defined]  # the one name medspacy.util imports
    sys.modules["quickumls"] = stand_in
    try:
        import medspacy.context
    finally:
        if sys.modules.get("quickumls") is stand_in:
            del sys.modules["quickumls"]
    return medspacy.context


def _build_pipeline(lang: str) -> "Language":
    nlp = _blank(lang)
    from prescreen.reading import quantities

    quantities.register()
    nlp.add_pipe(quantities.COMPONENT)  # quantities with their units, durations: Doc._.quantities
    for name, func in _components.items():
        _add_pipe(nlp, name, func)
    return nlp


def add_component(name: str, func: Callable[["Doc"], "Doc"]) -> None:
    """Adds `func` to both pipelines as the spaCy component `name` (registered with
    Language.component when a pipeline is built, so that importing a reading module does not
    import spaCy). A module whose words the component matches adds it when it is imported."""
    with _lock:
        _components[name] = func
        for nlp in _pipelines.values():
            _add_pipe(nlp, name, func)


def _add_pipe(nlp: "Language", name: str, func: Callable[["Doc"], "Doc"]) -> None:
    from spacy.language import Language

    if not Language.has_factory(name):
        Language.component(name, func=cast(Any, func))  # typed as spaCy's Pipe class; a function is what its docs register
    if name not in nlp.pipe_names:
        nlp.add_pipe(name)


def _blank(lang: str) -> "Language":
    spacy = import_spacy()

    if lang == "en":
        nlp = spacy.blank("en")
        # spaCy keeps a single letter and its full stop together, for initials ("J. Smith"); in
        # referrals it is a finding's last letter ending a sentence: "nil HIV, hep B or hep C."
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
            nlp.tokenizer.add_special_case(letter + ".", [{"ORTH": letter}, {"ORTH": "."}])
        return nlp
    if lang != "zh":
        raise ValueError(f"no pipeline for language {lang!r}")
    import jieba

    jieba.setLogLevel(logging.WARNING)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    # spaCy has just loaded jieba's global dictionary (jieba.dt: half a million entries, about
    # 80 MB of the action server) only to warm it up; the private one below replaces it here and
    # nothing else in the process segments with it. Emptied, jieba reloads it on first use should
    # anything call jieba.cut (it checks `initialized` before every segmentation).
    with jieba.dt.lock:
        jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = {}, 0, False
    # A private jieba dictionary: our lexicon words must not change how anyone else in the
    # process (e.g. a Rasa jieba tokenizer) segments text.
    segmenter = _Segmenter()
    for word in sorted(_zh_words):
        segmenter.add_word(word, freq=_ZH_WORD_FREQ)
    for word in SEGMENTER_NOT_WORDS:
        segmenter.del_word(word)  # (frequency 0: never a word, however many words are added)
    nlp.tokenizer.jieba_seg = segmenter
    return nlp


# A negation inside a word the segmenter's HMM coined from single characters ("近28天未参加" ->
# "天未", "近4周未参加" -> "周未", "天未用"): no dictionary word, so the negation is cut off again
# and read ("未", "未用"). Words of the dictionary ("无心", "尚未", "从未") are left whole.
_NEGATION_INSIDE = re.compile("[未没不无否非]")


def _segmenter_class() -> type:
    import jieba

    class Segmenter(jieba.Tokenizer):
        def cut(self, sentence: str, cut_all: bool = False, HMM: bool = True, use_paddle: bool = False) -> Any:
            for word in super().cut(sentence, cut_all=cut_all, HMM=HMM):
                m = _NEGATION_INSIDE.search(word, 1) if len(word) > 1 and CJK.match(word) else None
                if m is None or self.FREQ.get(word):
                    yield word
                else:
                    yield word[:m.start()]
                    yield word[m.start():]

    return Segmenter


def _Segmenter() -> Any:
    return _segmenter_class()()


def _register_zh_words(words: Iterable[str]) -> None:
    with _lock:
        # Only the Chinese runs: jieba's dictionary is case-sensitive, so a mixed term such as
        # "ECOG评分" would stay whole in the pattern but not in "ecog评分" typed in the text.
        new = {run for w in words for run in _CJK_RUN.findall(w)} - _zh_words
        _zh_words.update(new)
        if "zh" in _pipelines:  # a lexicon created after the pipeline: teach it the words too
            tokenizer: Any = _pipelines["zh"].tokenizer  # spaCy's ChineseTokenizer (typed as a callable)
            for word in new:
                tokenizer.jieba_seg.add_word(word, freq=_ZH_WORD_FREQ)


def typed_in_chinese(text: str) -> bool:
    """Chinese characters or punctuation, before normalisation turns full-width forms to ASCII."""
    return bool(CJK.search(text) or _CJK_PUNCT.search(text))


def make_doc(text: str, chinese: bool = False) -> "Doc":
    """Tokenise already-normalised text with the pipeline its script needs; `chinese`: the text
    was typed with Chinese punctuation (see `typed_in_chinese`). Tokens only: for a phrase."""
    return pipeline("zh" if chinese or typed_in_chinese(text) else "en").make_doc(text)


def read(text: str, chinese: bool = False) -> "Doc":
    """A message's one Doc: already-normalised text tokenised by the pipeline its script needs
    (as `make_doc`), then annotated by the pipeline's components (quantities and durations, then
    those other modules add: the criterion terms, cues and diagnoses of prescreen.reading.extract)."""
    return pipeline("zh" if chinese or typed_in_chinese(text) else "en")(text)


# ---- rule lexicons -----------------------------------------------------------------------

Pattern = Sequence[Mapping[str, object]]


class Lexicon:
    """Labelled phrases and token patterns, matched in a Doc of either pipeline.

    `phrases` match case-insensitively, `cased` exactly as written (abbreviations such as ALL
    or PE, which are ordinary words in lower case), `patterns` are spaCy Matcher patterns.
    Matchers are built once per pipeline, on first use.
    """

    def __init__(
        self,
        phrases: Mapping[str, Iterable[str]] = {},
        cased: Mapping[str, Iterable[str]] = {},
        patterns: Mapping[str, Iterable[Pattern]] = {},
    ) -> None:
        self._phrases = {label: tuple(normalise(p) for p in ps) for label, ps in phrases.items()}
        self._cased = {label: tuple(normalise(p) for p in ps) for label, ps in cased.items()}
        self._patterns = {label: [[dict(t) for t in p] for p in ps] for label, ps in patterns.items()}
        _register_zh_words(p for ps in (*self._phrases.values(), *self._cased.values()) for p in ps)
        self._matchers: dict[str, tuple] = {}

    def _build(self, lang: str) -> tuple:
        from spacy.matcher import Matcher, PhraseMatcher

        nlp = pipeline(lang)
        lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        tokens = Matcher(nlp.vocab)
        for label, phrases in self._phrases.items():
            lower.add(label, [nlp.make_doc(p) for p in phrases])
        for label, phrases in self._cased.items():
            exact.add(label, [nlp.make_doc(p) for p in phrases])
        for label, patterns in self._patterns.items():
            tokens.add(label, patterns)
        return lower, exact, tokens

    def matches(self, doc: "Doc") -> list["Span"]:
        """Every match, overlapping ones included, as labelled spans."""
        lang = doc.lang_
        with _lock:
            if lang not in self._matchers:
                self._matchers[lang] = self._build(lang)
        found: list[Span] = []
        for matcher in self._matchers[lang]:
            if len(matcher):  # an empty Matcher warns on every call
                found.extend(matcher(doc, as_spans=True))
        return found


def longest(spans: Iterable["Span"]) -> list["Span"]:
    """Overlapping matches resolved to the longest (then the first), in text order."""
    from spacy.util import filter_spans

    return sorted(filter_spans(list(spans)), key=lambda s: s.start)
