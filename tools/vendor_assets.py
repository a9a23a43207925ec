"""Fetch the pinned browser assets the offline book serves, from the npm registry.

MathJax 3, require.js and the ipywidgets HTML manager are downloaded with `npm pack`,
checked against the sha512 pinned below, and unpacked into `_vendor/` (git-ignored;
the build copies it into the site). Licences: THIRD_PARTY.md.

    python -m tools.vendor_assets          # no-op when _vendor/ is up to date
"""

import base64
import fcntl
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "_vendor"

# name@version, sha512 integrity as the registry reports it, {path in package: path in _vendor}
PACKAGES = [
    (
        "mathjax@3.2.2",
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x"
        "77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        {"es5/": "mathjax/", "LICENSE": "licenses/mathjax-LICENSE"},
    ),
    (
        "requirejs@2.3.8",
        "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5"
        "SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
        {"require.js": "widgets/require.js"},
    ),
    (
        "@jupyter-widgets/html-manager@1.0.15",
        "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQs"
        "RjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        {"dist/": "widgets/"},  # licences: dist/embed.js.LICENSE.txt
    ),
]
SKIP = (".map", "dist/embed.js")  # source maps and the non-AMD bundle are not served
STAMP = VENDOR / ".pinned.json"


def _check(tgz: Path, integrity: str) -> None:
    algo, _, want = integrity.partition("-")
    got = base64.b64encode(hashlib.new(algo, tgz.read_bytes()).digest()).decode()
    if got != want:
        sys.exit(f"vendor_assets: {tgz.name} does not match its pinned {algo} ({got})")


def _unpack(tgz: Path, mapping: dict, dest: Path) -> None:
    with tarfile.open(tgz) as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/")
            if not member.isfile() or name.endswith(SKIP):
                continue
            for src, dst in mapping.items():
                if name == src or (src.endswith("/") and name.startswith(src)):
                    target = dest / (dst + name[len(src):] if src.endswith("/") else dst)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(tar.extractfile(member).read())


def vendor() -> Path:
    """Make `_vendor/` hold exactly the pinned assets; return its path."""
    pins = [[spec, integrity] for spec, integrity, _ in PACKAGES]
    VENDOR.parent.mkdir(exist_ok=True)
    with open(ROOT / ".vendor.lock", "w") as lock:  # builds may run side by side
        fcntl.flock(lock, fcntl.LOCK_EX)
        if STAMP.exists() and json.loads(STAMP.read_text()) == pins:
            return VENDOR
        if shutil.which("npm") is None:
            sys.exit("vendor_assets: npm is needed to fetch MathJax and the widget "
                     "renderer (Debian: apt-get install npm)")
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "_vendor"
            for spec, integrity, mapping in PACKAGES:
                out = subprocess.run(
                    ["npm", "pack", "--json", "--pack-destination", tmp, spec],
                    check=True, capture_output=True, text=True, cwd=tmp,
                ).stdout
                tgz = Path(tmp) / json.loads(out)[0]["filename"]
                _check(tgz, integrity)
                _unpack(tgz, mapping, fresh)
            (fresh / ".pinned.json").write_text(json.dumps(pins))
            shutil.rmtree(VENDOR, ignore_errors=True)
            shutil.move(fresh, VENDOR)
    print(f"vendor_assets: {', '.join(p[0] for p in pins)} -> {VENDOR}")
    return VENDOR


if __name__ == "__main__":
    vendor()
