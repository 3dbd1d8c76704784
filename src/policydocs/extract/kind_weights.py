"""The kind classifier's weights as a data file that ships with the package: ``extractors/models/kind.json``.

Training needs scikit-learn and about 2 s (most of it the import), so it is an explicit step,
``policydocs train kind`` (:func:`policydocs.extract.kind.train_kind`), whose output is committed
and packaged like the cue lexicons. Every other process reads the weights back in a few
milliseconds and scores with numpy alone (:class:`~policydocs.extract.kind_linear.LinearScorer`).

The file records what it was trained from: the features version of the code
(:data:`policydocs.extract.kind_features.FEATURES_VERSION`) and a SHA-256 of each training and cue file
(``training/kind*.jsonl``, ``lexicons/cues*.toml``, a user's own in ``POLICYDOCS_EXTRACTORS``
included). When that record differs from the files found now, the file is stale and is not used:
what :mod:`policydocs.extract.kind` then does is said there.

The layout is meant for review and diffs: JSON, one cue feature or character n-gram per line in
the model's column order, weights rounded to 12 decimal places. The scores they give differ from
the unrounded model's by less than 1e-9, and what is stored is each probability to 4 decimals
(``tests/test_train_kind.py`` checks both); the same training files give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from policydocs.resources import extractor_dirs, extractor_files

__all__ = ["FORMAT", "DECIMALS", "default_path", "candidates", "trained_from", "dumps", "loads",
           "write", "load_current", "stale_reason"]

FORMAT = 1
DECIMALS = 12
SUBDIR, NAME = "models", "kind.json"
_ABOUT = ("Weights of the target/actual/none classifier (policydocs.extract.kind), written by "
          "`policydocs train kind`: do not edit. cue_features: name -> weight per class; "
          "ngrams: character n-gram -> [idf, weight per class]; classes in the order of 'classes'.")


def default_path() -> Path:
    """Where ``policydocs train kind`` writes: ``models/kind.json`` of the first extractor dir
    (a user's ``POLICYDOCS_EXTRACTORS`` when set, else the shipped ``extractors/``)."""
    return extractor_dirs()[0] / SUBDIR / NAME


def candidates() -> list[Path]:
    """Every ``models/kind.json`` of the extractor dirs, a user's first."""
    return [path for base in extractor_dirs() if (path := base / SUBDIR / NAME).is_file()]


def trained_from(features_version: int) -> dict:
    """What a model trained now depends on: the features version and the digest of each data file."""
    files = {}
    for subdir, pattern in (("lexicons", "cues*.toml"), ("training", "kind*.jsonl")):
        for path in extractor_files(subdir, pattern):
            files[f"{subdir}/{path.name}"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    return {"features_version": features_version, "trained_from": dict(sorted(files.items()))}


def dumps(plain: dict, provenance: dict, rows: dict[str, int]) -> str:
    """The file's text: :meth:`LinearScorer.to_plain` with its provenance and row counts, rounded."""
    head = {"about": _ABOUT, "format": FORMAT, **provenance, "rows": rows,
            "classes": plain["classes"], "intercept": _rounded(plain["intercept"]),
            "char_ngrams": plain["char_ngrams"]}
    lines = ["{"]
    for key, value in head.items():
        if key == "trained_from":  # (one file per line)
            lines += _block(key, value)
        else:
            lines.append(f"{_json(key)}: {_json(value)},")
    lines += _block("cue_features", {k: _rounded(v) for k, v in plain["cue_features"].items()})
    lines += _block("ngrams", {k: _rounded(v) for k, v in plain["ngrams"].items()}, last=True)
    lines.append("}")
    return "\n".join(lines) + "\n"


def loads(text: str) -> tuple[dict, dict]:
    """(the scorer's plain form, its provenance) from the file's text; ValueError if it is not one."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a kind weights file of format {FORMAT}")
    provenance = {"features_version": data.get("features_version"), "trained_from": data.get("trained_from")}
    return data, provenance


def write(text: str, path: Path) -> bool:
    """Write ``text`` to ``path`` whole (a process starting meanwhile reads the old file or the new);
    False when the file holds it already (and is left as it is)."""
    path = Path(path)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, ValueError):
        pass  # (none yet, or unreadable: written)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_text(text, encoding="utf-8", newline="\n")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return True


def load_current(expected: dict):
    """(the scorer of the first weights file trained from ``expected``, None), or (None, why there is none)."""
    from policydocs.extract.kind_linear import LinearScorer

    found = candidates()
    if not found:
        return None, "no weights file (models/kind.json) in the extractor dirs"
    reasons = []
    for path in found:
        try:
            plain, provenance = loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:  # (UnicodeDecodeError and JSONDecodeError are ValueErrors)
            reasons.append(f"{path} cannot be read ({exc})")
            continue
        why = stale_reason(provenance, expected)
        if why is None:
            try:
                return LinearScorer.from_plain(plain), None
            except (KeyError, TypeError, ValueError) as exc:
                reasons.append(f"{path} is damaged ({type(exc).__name__}: {exc})")
                continue
        reasons.append(f"{path} is stale: {why}")
    return None, "; ".join(reasons)


def stale_reason(recorded: dict, expected: dict) -> str | None:
    """What differs between the provenance a file records and the current one (None: nothing)."""
    if recorded.get("features_version") != expected["features_version"]:
        return (f"trained for features version {recorded.get('features_version')}, "
                f"the code computes version {expected['features_version']}")
    before, now = recorded.get("trained_from") or {}, expected["trained_from"]
    changes = [f"{name} {what}" for name, what in
               [(n, "added") for n in now if n not in before]
               + [(n, "changed") for n in now if n in before and before[n] != now[n]]
               + [(n, "gone") for n in before if n not in now]]
    return ", ".join(sorted(changes)) or None


def _block(key: str, mapping: dict, last: bool = False) -> list[str]:
    """``"key": {`` and one entry per line (what a retrain changes shows as changed lines)."""
    entries = [f"{_json(k)}: {_json(v)}" for k, v in mapping.items()]
    return [f"{_json(key)}: {{", *(e + "," for e in entries[:-1]), *entries[-1:], "}" if last else "},"]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _rounded(values: list[float]) -> list[float]:
    return [round(float(v), DECIMALS) + 0.0 for v in values]  # (+ 0.0: -0.0 is written 0.0)
