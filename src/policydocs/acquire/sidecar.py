"""What is known about a local file besides its content: ``<stem>.meta.json`` next to it.

Staff write one by hand (``{"date": "2024-03-08", "region": "易县"}``) and ``policydocs fetch`` /
``crawl`` write one for every page they save (``{"url": ...}``), so that a stored document keeps
where it came from: the cleaner then uses the URL's site profile, and trust its domain.

    >>> from pathlib import Path
    >>> from tempfile import TemporaryDirectory
    >>> from policydocs.acquire.sidecar import read_sidecar, write_sidecar
    >>> tmp = TemporaryDirectory(); folder = Path(tmp.name)
    >>> page = folder / "www.example.gov.cn_art_2024_1_5_art_1_1.html"
    >>> write_sidecar(page, url="https://www.example.gov.cn/art/2024/1/5/art_1_1.html").name
    'www.example.gov.cn_art_2024_1_5_art_1_1.meta.json'
    >>> read_sidecar(page)
    {'url': 'https://www.example.gov.cn/art/2024/1/5/art_1_1.html'}
    >>> _ = (folder / "讲话.meta.json").write_text('{"date": "2024-3-8", "region": "易县", "作者": "办公室"}',
    ...                                          encoding="utf-8")
    >>> read_sidecar(folder / "讲话.txt")      # a date not written YYYY-MM-DD and unknown keys are dropped
    {'region': '易县'}

Keys read: ``url`` (or ``source_url``), ``title``, ``date`` (YYYY-MM-DD), ``year``, ``region``,
``trust``; anything else is ignored, and an unreadable file is no information (never an error).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

SUFFIX = ".meta.json"
_KEYS = ("url", "title", "date", "year", "region", "trust")
_DATE = re.compile(r"^(?:19|20)\d\d-\d\d-\d\d$")


def sidecar_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.stem + SUFFIX)


def read_sidecar(source: str | Path | None) -> dict[str, str]:
    """The usable keys of the file's sidecar, as strings ({} when there is none)."""
    if not source or "://" in str(source):
        return {}
    try:
        data = json.loads(sidecar_path(source).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    if "url" not in data and "source_url" in data:
        data["url"] = data["source_url"]
    out = {k: str(data[k]).strip() for k in _KEYS if isinstance(data.get(k), (str, int)) and str(data[k]).strip()}
    if "date" in out and not _DATE.match(out["date"]):
        del out["date"]
    if "year" in out and not re.fullmatch(r"(?:19|20)\d\d", out["year"]):
        del out["year"]
    return out


def write_sidecar(path: str | Path, **values: str) -> Path:
    """Merge ``values`` into the file's sidecar (keeping what a person wrote there)."""
    target = sidecar_path(path)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        data = data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        data = {}
    data.update({k: v for k, v in values.items() if v})
    partial = target.with_name(target.name + ".part")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(target)
    return target
