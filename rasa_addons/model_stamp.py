"""Whether models/prescreen.tar.gz was trained from the training inputs as they are now.

    python -m rasa_addons.model_stamp check models/prescreen.tar.gz   # exit 0: current
    python -m rasa_addons.model_stamp write models/prescreen.tar.gz   # after a training
    python -m rasa_addons.model_stamp ensure                          # bin/run, bin/test: train if not current

`rasa train` with unchanged data still spends most of a minute: it imports Rasa, loads and
fingerprints the data, and packs the model anew from its cache. bin/run and bin/test ask this
module first, which hashes what a training reads: config.yml, domain.yml, every file under
data/, the source of the NLU components config.yml loads from this repo (rasa_addons/...) and
the installed Rasa's version; and the model file itself, so a model trained or replaced
by hand is never taken for the one the stamp describes. Both hashes are kept in a stamp
next to the model (`prescreen.tar.gz.inputs`); when either differs, or there is no stamp,
the caller trains (Rasa's cache in .rasa/ then retrains only what changed) and writes a new
stamp. A change the stamp cannot see (an edit in an installed package other than Rasa) needs
`rasa train` by hand, or deleting the stamp.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "prescreen.tar.gz"
TRAINING_FILES = ("config.yml", "domain.yml")


def _component_sources(config: Path, root: Path = ROOT) -> list[Path]:
    """Source files of the components config.yml names by a class path in this repo."""
    spec = yaml.safe_load(config.read_text()) or {}
    found = []
    for step in (spec.get("pipeline") or []) + (spec.get("policies") or []):
        module = str(step.get("name", "")).rpartition(".")[0]
        path = root / (module.replace(".", "/") + ".py")
        if module and path.is_file():
            found.append(path)
    return found


def inputs_hash(root: Path = ROOT) -> str:
    digest = hashlib.sha256(f"rasa {version('rasa')}\n".encode())
    files = [root / name for name in TRAINING_FILES]
    files += sorted(p for p in (root / "data").rglob("*") if p.is_file())
    files += _component_sources(root / "config.yml", root)
    for path in files:
        digest.update(f"{path.relative_to(root)}\n".encode())
        digest.update(path.read_bytes() if path.exists() else b"(missing)")
    return digest.hexdigest()


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stamp_of(model: Path) -> Path:
    return model.with_name(model.name + ".inputs")


def current(model: Path, root: Path = ROOT) -> bool:
    stamp = stamp_of(model)
    if not model.is_file() or not stamp.is_file():
        return False
    return stamp.read_text().split() == [inputs_hash(root), file_hash(model)]


def write(model: Path, root: Path = ROOT) -> None:
    stamp_of(model).write_text(f"{inputs_hash(root)}\n{file_hash(model)}\n")


def ensure() -> int:
    """Trains models/prescreen.tar.gz unless it is current; then stamps it."""
    if current(MODEL):
        print(f"model: {MODEL.relative_to(ROOT)} is current (config, domain, data, NLU components unchanged)")
        return 0
    trained = subprocess.run([str(ROOT / "bin" / "rasa"), "train", "--quiet", "--out", "models",
                              "--fixed-model-name", MODEL.name.removesuffix(".tar.gz")], cwd=ROOT)
    if trained.returncode == 0:
        write(MODEL)
    return trained.returncode


def main(argv: list[str]) -> int:
    if argv == ["ensure"]:
        return ensure()
    if len(argv) != 2 or argv[0] not in ("check", "write"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    model = Path(argv[1])
    if argv[0] == "write":
        write(model)
        return 0
    return 0 if current(model) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
