"""The NLU pipeline's own components (config.yml), trained and run with Rasa's real
featurizers: rasa_addons/nlu_tokenizer.py and rasa_addons/intent_classifier.py."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_addons.intent_classifier import MODEL_FILE, LinearIntentClassifier, fit_temperature, softmax
from rasa_addons.nlu_tokenizer import ChineseKeepingWhitespaceTokenizer
from bench.nlu_report import examples
from tests.support.servers import ROOT


def words(tokenizer, text: str) -> list[str]:
    return [t.text for t in tokenizer.tokenize(Message({"text": text}), "text")]


TOKENIZER = ChineseKeepingWhitespaceTokenizer(ChineseKeepingWhitespaceTokenizer.get_default_config())


def test_chinese_words_between_spaces_are_kept():
    assert words(TOKENIZER, "62岁 急髓 血小板2万") == ["62岁", "急髓", "血小板2万"]
    assert words(TOKENIZER, "AML 确诊 PLT 32k") == ["AML", "确诊", "PLT", "32k"]
    rasa = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    assert "急髓" not in words(rasa, "62岁 急髓 血小板2万")  # what this fixes


def test_emoji_are_still_dropped():
    assert words(TOKENIZER, "yes 🙂") == ["yes"]
    assert words(TOKENIZER, "好的 👍") == ["好的"]


def test_english_is_split_exactly_as_rasa_splits_it():
    rasa = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    english = [text for text, _ in examples(ROOT / "data") if not any("\u4e00" <= c <= "\u9fff" for c in text)]
    assert len(english) > 3000
    assert all(words(TOKENIZER, t) == words(rasa, t) for t in english)


# ---- the intent classifier --------------------------------------------------------------

def test_confidences_keep_the_scores_order_and_none_of_these_takes_the_rest():
    scores = np.array([[2.0, -1.0, 0.5], [-1.5, -1.2, -1.4]])
    plain = softmax(scores, 0.2)
    with_none = softmax(scores, 0.2, none_score=-0.5)
    assert np.allclose(plain.sum(axis=1), 1) and (with_none.sum(axis=1) < 1).all()
    assert (np.argsort(-plain, axis=1) == np.argsort(-scores, axis=1)).all()
    assert with_none[0].max() > 0.99  # a clear winner stays sure
    assert with_none[1].max() < 0.1  # every intent well below zero: "none of these"


def test_the_fitted_temperature_matches_how_often_the_top_intent_is_right():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 4, 4000)
    scores = rng.normal(0, 1, (4000, 4))
    scores[np.arange(4000), labels] += 1.0  # a noisy classifier, right about 60 % of the time
    t = fit_temperature(scores, labels)
    p = softmax(scores, t)
    right = p.argmax(axis=1) == labels
    assert abs(p.max(axis=1).mean() - right.mean()) < 0.03  # calibrated: mean confidence = accuracy


TRAIN = {
    "greet": ["hi", "hello", "good morning", "hey there", "你好", "您好", "hello doctor", "hi, anyone there"],
    "faq_dose": ["what dose?", "how much romiplostim", "dose per kg", "what is the dosage", "剂量是多少",
                 "用多少药", "dose and schedule", "how is it dosed"],
    "inform": ["62M AML", "PLT 32k", "ECOG 1", "58F, AML post-induction", "62岁 急髓", "血小板2万",
               "age 45", "platelets 20"],
}


@pytest.fixture
def trained(tmp_path: Path):
    """Rasa's featurizers and the classifier trained on a small set, persisted to a model storage."""
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    data = TrainingData([Message({"text": t, "intent": i}) for i, ts in TRAIN.items() for t in ts])
    TOKENIZER.process_training_data(data)
    featurizers = []
    for n, extra in enumerate([{}, {"analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4}]):
        f = CountVectorsFeaturizer.create({**CountVectorsFeaturizer.get_default_config(), **extra},
                                          storage, Resource(f"cvf{n}"), context)
        f.train(data)
        f.process_training_data(data)
        featurizers.append(f)
    config = {**LinearIntentClassifier.get_default_config(), "calibration_folds": 2}
    resource = Resource("intents")
    LinearIntentClassifier.create(config, storage, resource, context).train(data)

    def parse(classifier, text: str) -> Message:
        message = Message({"text": text})
        TOKENIZER.process([message])
        for f in featurizers:
            f.process([message])
        classifier.process([message])
        return message

    return storage, resource, context, config, parse


def test_a_trained_classifier_loads_from_plain_arrays_and_classifies(trained):
    storage, resource, context, config, parse = trained
    with storage.read_from(resource) as directory:
        with np.load(directory / MODEL_FILE, allow_pickle=False) as saved:  # nothing to unpickle
            assert sorted(saved["classes"]) == sorted(TRAIN)
    loaded = LinearIntentClassifier.load(config, storage, resource, context)
    for text, intent in (("hello there", "greet"), ("what dose is given", "faq_dose"), ("70F AML", "inform"),
                         ("剂量多少", "faq_dose")):
        message = parse(loaded, text)
        assert message.get("intent")["name"] == intent, (text, message.get("intent_ranking"))
        ranking = message.get("intent_ranking")
        assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)


def test_a_model_without_a_trained_classifier_classifies_nothing(tmp_path: Path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(), storage,
                                             Resource("never-trained"), context)
    message = Message({"text": "hi"})
    classifier.process([message])
    assert message.get("intent") is None


# ---- the Latin character n-grams --------------------------------------------------------

def test_latin_ngrams_run_across_spaces_leave_chinese_out_and_survive_a_reload(tmp_path: Path):
    from rasa_addons.nlu_featurizer import LatinCharNgramFeaturizer, latin_text

    assert latin_text("PLT 32k 血小板2万，ok") == "plt 32k  2 ok"  # Chinese and full-width runs: a space
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    config = LatinCharNgramFeaturizer.get_default_config()
    data = TrainingData([Message({"text": t}) for t in ("not sure", "what dose", "不清楚", "no idea 没有")])
    featurizer = LatinCharNgramFeaturizer.create(config, storage, Resource("latin"), context)
    featurizer.train(data)
    vocabulary = featurizer.vectorizer.vocabulary_
    assert "t su" in vocabulary and "at do" in vocabulary  # across the space between two words
    assert not any("\u4e00" <= c <= "\u9fff" for gram in vocabulary for c in gram)

    loaded = LatinCharNgramFeaturizer.load(config, storage, Resource("latin"), context)
    message, chinese = Message({"text": "not sure"}), Message({"text": "不清楚"})
    loaded.process([message, chinese])
    (sentence,) = [f for f in message.features if f.type == "sentence"]
    assert sentence.features.sum() == sum(len("not sure") - n + 1 for n in range(2, 6))
    assert sentence.features.shape[1] == len(vocabulary)
    (nothing,) = [f for f in chinese.features if f.type == "sentence"]
    assert nothing.features.sum() == 0  # Chinese is read by the per-word n-grams, not these


@pytest.mark.parametrize("module", ["nlu_tokenizer", "nlu_featurizer", "intent_classifier"])
def test_editing_a_components_file_changes_its_training_fingerprint(module):
    """Rasa reuses a cached training result while a component's fingerprint is unchanged, and
    by itself fingerprints the class's source only, not the module's functions and patterns
    (softmax, latin_text, the CJK range) that the class calls."""
    import hashlib
    import importlib
    import inspect

    from rasa.engine.graph import GraphComponent

    loaded = importlib.import_module(f"rasa_addons.{module}")
    (component,) = [c for _, c in inspect.getmembers(loaded, inspect.isclass)
                    if c.__module__ == loaded.__name__ and issubclass(c, GraphComponent)]
    assert component.fingerprint_addon({}) == hashlib.sha256(Path(loaded.__file__).read_bytes()).hexdigest()
