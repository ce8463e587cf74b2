"""Build hook: the wheel carries the built embed (src/leflux/static/embed.js and its
compressed copies). When they are missing and Node.js is on PATH the widget is built
here; without Node the build stops with one line saying what to do."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
STATIC = ROOT / "src" / "leflux" / "static"
BUILT = ("embed.js", "embed.js.gz", "embed.js.br", "embed.manifest.json")
WIDGET = ROOT / "widget"


class BuildPyWithEmbed(build_py):
    def run(self) -> None:
        if not all((STATIC / name).is_file() for name in BUILT):
            self._build_embed()
        super().run()

    def _build_embed(self) -> None:
        npm, node = shutil.which("npm"), shutil.which("node")
        if not (WIDGET / "build.mjs").is_file() or npm is None or node is None:
            raise SystemExit(
                "leflux: the embed is not built (src/leflux/static/embed.js): run "
                "`make embed` on a machine with Node.js 18+ first, then build the wheel"
            )
        if not (WIDGET / "node_modules").is_dir():
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=WIDGET, check=True)
        subprocess.run([node, "build.mjs"], cwd=WIDGET, check=True)


setup(cmdclass={"build_py": BuildPyWithEmbed})
