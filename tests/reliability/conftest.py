"""Fixtures that generate the big or special bad inputs at test time (not committed).

Unreadable files: the suite runs as root, for whom ``chmod 000`` does not stop a read. So the
"unreadable" cases are ones that fail for root too: a FIFO named like an article (``open`` would
block forever; the reader must refuse it without opening), a dangling symlink, a symlink to
itself (``open`` fails with ELOOP) and a folder named like an article file. A ``chmod 000`` file
is added only when the tests do not run as root (``CHMOD_000_EFFECTIVE``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BAD_DIR = REPO / "tests" / "data" / "bad"
DEMO_DIR = REPO / "data" / "demo"
CHMOD_000_EFFECTIVE = os.geteuid() != 0
BIG_BYTES = 50 * 1024 * 1024
ONE_LINE_BYTES = 5 * 1024 * 1024


@dataclass
class Generated:
    """Generated special inputs: where they are and what the ingest must say about each."""

    root: Path
    bad: dict[str, str] = field(default_factory=dict)  # path -> words the failure message must contain
    good: list[Path] = field(default_factory=list)  # files whose article must land


def _one_line_article(size: int) -> str:
    """``size`` bytes of UTF-8 on one line: run-on text without a single line break."""
    sentence = ("Tencent chairman Pony Ma met JD.com founder Richard Liu in Shenzhen to discuss retail, "
                "and the two executives then spoke at length about logistics, payments, warehouses, "
                "delivery riders, rural shoppers, coupons, livestream selling and the weather in the "
                "south of the country, while 马化腾表示腾讯将继续与京东合作, "
                "and nobody at the long meeting mentioned any figures for the coming quarter at all ")
    raw = (sentence * (size // len(sentence.encode("utf-8")) + 1)).encode("utf-8")[:size - 1]
    return raw.decode("utf-8", "ignore") + "\n"


@pytest.fixture(scope="session")
def generated_inputs(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """A folder of special cases: 50 MB file, one-line 5 MB article, symlink loop, unreadables."""
    root = tmp_path_factory.mktemp("generated")
    gen = Generated(root=root)

    big = root / "huge 50MB.txt"
    chunk = ("Alibaba and JD.com compete for shoppers across China during the 618 festival. " * 64 + "\n")
    data = chunk.encode("utf-8")
    with big.open("wb") as fh:
        for _ in range(BIG_BYTES // len(data) + 1):
            fh.write(data)
    gen.bad[str(big)] = "too large"

    one_line = root / "one line 5MB.txt"
    one_line.write_text(_one_line_article(ONE_LINE_BYTES), encoding="utf-8")
    gen.good.append(one_line)

    loop = root / "loop"
    loop.mkdir()
    (loop / "inside.txt").write_text("Xiaomi founder Lei Jun said sales of the SU7 car rose in Beijing.\n",
                                     encoding="utf-8")
    os.symlink("..", loop / "back-up")  # loop/back-up -> root: a cycle
    os.symlink(".", loop / "self-dir")  # loop/self-dir -> loop
    gen.good.append(loop / "inside.txt")
    gen.bad[str(loop / "back-up")] = "loop"
    gen.bad[str(loop / "self-dir")] = "loop"

    fifo = root / "named pipe.txt"
    os.mkfifo(fifo)
    gen.bad[str(fifo)] = "not a regular file"

    dangling = root / "gone.txt"
    os.symlink(root / "does-not-exist.txt", dangling)
    gen.bad[str(dangling)] = "broken symbolic link"

    self_link = root / "self.txt"
    os.symlink("self.txt", self_link)  # open() fails with ELOOP, for root too
    gen.bad[str(self_link)] = "broken symbolic link"

    folder_like_file = root / "folder.txt"
    folder_like_file.mkdir()
    (folder_like_file / "nested.md").write_text(
        "# Pinduoduo\n\nPinduoduo founder Colin Huang said Temu grew fast in Europe last year.\n",
        encoding="utf-8")
    gen.good.append(folder_like_file / "nested.md")

    if CHMOD_000_EFFECTIVE:
        locked = root / "locked.txt"
        locked.write_text("Huawei said on Monday that Honor is independent.\n", encoding="utf-8")
        locked.chmod(0)
        gen.bad[str(locked)] = "permission denied"
    return gen


@pytest.fixture
def good_articles(tmp_path: Path) -> list[Path]:
    """A few good demo articles copied into their own folder (UTF-8, GB18030, HTML)."""
    out = tmp_path / "good"
    out.mkdir()
    names = ["en_xiaomi_tmall.txt", "zh_jd_618_gb18030.txt", "fr_temu_shein.html", "de_jd_walmart.txt"]
    paths = []
    for name in names:
        shutil.copy(DEMO_DIR / name, out / name)
        paths.append(out / name)
    return paths


def run_cli(*args: str, timeout: float = 180, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``retailkg ARGS`` in a subprocess (the real entry point, no mocks)."""
    return subprocess.run([sys.executable, "-m", "retailkg.cli.main", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=REPO, env={**os.environ, **(env or {})},
                          stdin=subprocess.DEVNULL)


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str) -> None:
    """Skip with a visible reason, but fail under CI where every case must run."""
    if on_ci():
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)
