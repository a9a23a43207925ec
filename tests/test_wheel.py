"""The Colab and Binder path: the package's wheel alone runs every chapter.

The wheel is built from a copy of the package's sources, installed into a fresh virtual
environment that sees nothing of the repository, and each notebook is copied into an
empty folder and executed top to bottom there: once with the versions pinned in
requirements.txt, once with the lowest versions pyproject.toml declares. The two
environments are set up and run side by side; nothing is reused from an earlier run
(pip's download cache aside, which holds the same files PyPI serves).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import pytest
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
pytestmark = pytest.mark.wheel
# needed to execute notebooks, not declared by the package: the versions installed here
RUNNER_PACKAGES = ("ipykernel", "nbclient")
LICENCES = ("LICENSE", "LICENSE-TEXT")

RUNNER = textwrap.dedent('''
    """Execute each notebook in its own folder; print one JSON line per notebook."""
    import json, sys, time
    import nbformat
    from nbclient import NotebookClient

    PROBE = "import sys, numpy, matplotlib, backprop\\nprint(sys.prefix, numpy.__version__, " \\
            "matplotlib.__version__, backprop.__file__)"
    for path in sys.argv[1:]:
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(PROBE))
        start, error = time.perf_counter(), None
        try:
            NotebookClient(nb, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": path.rsplit("/", 1)[0]}}).execute()
        except Exception as exc:  # report and go on with the next notebook
            error = f"{type(exc).__name__}: {exc}"[-3000:]
        probe = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", []))
        print(json.dumps({"path": path, "error": error, "probe": probe.strip(),
                          "seconds": round(time.perf_counter() - start, 1)}), flush=True)
''')


def requirement(name, lines):
    """The specifier of `name` in requirement lines ("numpy>=2.4,<2.5" -> ">=2.4,<2.5")."""
    for line in lines:
        match = re.match(rf"^{re.escape(name)}\s*([<>=!~].*)?$", line.split("#")[0].strip(),
                         re.IGNORECASE)
        if match:
            return (match.group(1) or "").strip()
    raise LookupError(f"{name} is not listed")


def declared():
    """The package's dependencies from pyproject.toml, as {name: specifier}."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return {re.match(r"[\w-]+", d).group(0): d[len(re.match(r"[\w-]+", d).group(0)):]
            for d in deps}


def lowest(specifier):
    match = re.search(r">=\s*([\w.]+)", specifier)
    if not match:
        raise ValueError(f"no lower bound in {specifier!r}")
    return f"=={match.group(1)}"


def environments():
    pins = (ROOT / "requirements.txt").read_text().splitlines()
    deps = declared()
    runner = [f"{name}=={metadata.version(name)}" for name in RUNNER_PACKAGES]
    return {
        "pinned": [f"{name}{requirement(name, pins)}" for name in deps] + runner,
        "lowest": [f"{name}{lowest(spec)}" for name, spec in deps.items()] + runner,
    }


def run(cmd, cwd, env):
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{done.stdout[-3000:]}"
                           f"\n{done.stderr[-3000:]}")
    return done.stdout


def clean_env(home):
    """No PYTHONPATH, no user site, and Jupyter looks only inside the new environment."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "JUPYTER", "VIRTUAL_ENV", "IPYTHON"))}
    env.update(HOME=str(home), PYTHONNOUSERSITE="1", JUPYTER_PLATFORM_DIRS="1",
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", PIP_NO_INPUT="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    env["XDG_CACHE_HOME"] = os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache"))
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", *LICENCES):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "lib", src / "lib",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", base / "dist",
         src], cwd=base, env=dict(os.environ))
    (whl,) = (base / "dist").glob("backprop_book-*.whl")
    return whl


def test_wheel_carries_both_licences_and_the_data_licence(wheel):
    with zipfile.ZipFile(wheel) as whl:
        names = whl.namelist()
        (meta,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata_text = whl.read(meta).decode()
        licences = {Path(n).name: whl.read(n) for n in names
                    if "/licenses/" in n and n.split("/")[0].endswith(".dist-info")}
    for name in (*LICENCES, "DIGITS_LICENSE.txt", "DIGITS_TRA_LICENSE.txt", "NAMES_LICENSE.txt"):
        assert name in licences, f"the wheel has no {name} (pyproject.toml license-files)"
        assert "License-File: " in metadata_text and name in metadata_text
    assert licences["LICENSE"] == (ROOT / "LICENSE").read_bytes()
    assert licences["LICENSE-TEXT"] == (ROOT / "LICENSE-TEXT").read_bytes()
    assert "Name: backprop-book" in metadata_text
    assert "License-Expression: MIT" in metadata_text
    version = re.search(r"^Version: (.+)$", metadata_text, re.M).group(1)
    init = (ROOT / "lib" / "backprop" / "__init__.py").read_text()
    assert f'__version__ = "{version}"' in init                # the one source of the version


def install_and_run(name, requirements, whl, base):
    home = base / f"home-{name}"
    home.mkdir()
    env = clean_env(home)
    venv = base / f"venv-{name}"
    run([sys.executable, "-m", "venv", venv], cwd=home, env=env)
    python = venv / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", "--only-binary=:all:", whl, *requirements],
        cwd=home, env=env)
    copies = []
    for path in NOTEBOOKS:
        folder = base / f"run-{name}" / path.stem
        folder.mkdir(parents=True)
        copies.append(str(shutil.copy(path, folder / path.name)))
    (home / "runner.py").write_text(RUNNER)
    out = run([python, home / "runner.py", *copies], cwd=home, env=env)
    results = {}
    for line in out.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            results[Path(record["path"]).name] = record
    return {"venv": venv, "results": results}


@pytest.fixture(scope="module")
def runs(wheel, tmp_path_factory):
    base = tmp_path_factory.mktemp("envs")
    envs = environments()
    with ThreadPoolExecutor(2) as pool:
        futures = {name: pool.submit(install_and_run, name, reqs, wheel, base)
                   for name, reqs in envs.items()}
        done = {name: future.result() for name, future in futures.items()}
    for name, run_ in done.items():
        print(f"\n{name}: {envs[name]}")
        for record in run_["results"].values():
            print(f"  {Path(record['path']).name}: {record['seconds']} s")
    yield done
    shutil.rmtree(base, ignore_errors=True)


def test_lowest_versions_are_the_declared_floors():
    envs = environments()
    for name, spec in declared().items():
        assert f"{name}{lowest(spec)}" in envs["lowest"]


@pytest.mark.parametrize("versions", ["pinned", "lowest"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_from_the_wheel_alone(runs, path, versions):
    run_ = runs[versions]
    record = run_["results"].get(path.name)
    assert record is not None, f"{path.name} was not executed"
    assert record["error"] is None, record["error"]
    prefix, numpy_version, _, backprop_file = record["probe"].split()
    assert Path(prefix) == run_["venv"]                       # the new environment's kernel
    assert Path(backprop_file).is_relative_to(run_["venv"])   # the wheel, not lib/
    if versions == "lowest":
        assert Version(numpy_version) == Version(lowest(declared()["numpy"])[2:])
