"""bin/run and bin/test skip training only while the model matches what a training would read
(rasa_addons/model_stamp.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rasa_addons import model_stamp

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of what training reads, and a stand-in model stamped as trained from it."""
    for name in ("config.yml", "domain.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "rasa_addons").mkdir()
    for source in model_stamp._component_sources(ROOT / "config.yml"):
        shutil.copy(source, tmp_path / "rasa_addons" / source.name)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "prescreen.tar.gz").write_bytes(b"a trained model")
    model_stamp.write(tmp_path / "models" / "prescreen.tar.gz", tmp_path)
    return tmp_path


def test_an_untouched_project_needs_no_training(project: Path):
    assert model_stamp.current(project / "models" / "prescreen.tar.gz", project)


@pytest.mark.parametrize("edit", ["data/nlu.yml", "data/rules.yml", "domain.yml", "config.yml",
                                  "rasa_addons/intent_classifier.py", "rasa_addons/nlu_tokenizer.py"])
def test_any_edit_of_what_training_reads_means_training(project: Path, edit: str):
    with (project / edit).open("a") as f:
        f.write("\n# edited\n")
    assert not model_stamp.current(project / "models" / "prescreen.tar.gz", project)


def test_a_new_data_file_means_training(project: Path):
    (project / "data" / "more.yml").write_text('version: "3.1"\n')
    assert not model_stamp.current(project / "models" / "prescreen.tar.gz", project)


def test_a_model_replaced_by_hand_or_missing_stamp_means_training(project: Path):
    model = project / "models" / "prescreen.tar.gz"
    model.write_bytes(b"another model")
    assert not model_stamp.current(model, project)
    model_stamp.write(model, project)
    assert model_stamp.current(model, project)
    model_stamp.stamp_of(model).unlink()
    assert not model_stamp.current(model, project)
