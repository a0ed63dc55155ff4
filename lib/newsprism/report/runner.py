"""Run the report notebooks with papermill, export them as offline HTML and publish atomically.

A run writes into a staging folder beside ``out`` and swaps it in only when every notebook
succeeded, so a failed scheduled run leaves the previous good report in place; the failed
executed notebook is kept in ``<out>/failed/`` for debugging.

Jupyter's libraries (papermill, nbformat, nbconvert, jupyter_client) are imported inside the
functions that use them: they are slow to load, and the notebooks need none of them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from newsprism import __version__
from newsprism.options import Options
from newsprism.report.articles import write_article_pages
from newsprism.report.index import NotebookRun, index_page, index_tables
from newsprism.run.pipeline import extract_to
from newsprism.tables import parquet_path

if TYPE_CHECKING:
    from traitlets.config import Config

NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
KERNEL = "newsprism"
FALLBACK_KERNEL = "python3"
# The kernel's own log kept off the terminal below CRITICAL: jupyter_client interrupts a kernel
# before shutting it down, and an interrupt landing while the kernel handles a message is
# logged as "ERROR | KeyboardInterrupt caught in kernel" after a successful run. A failing
# cell is still reported, by papermill, with the notebook and cell.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
TEMPLATE = "offline"
TEMPLATES_DIR = Path(__file__).parent / "templates"
TABLES_FOLDER = "tables"
FAILED_FOLDER = "failed"
# Marks the folder a run writes into before publishing it as ``out`` (``.out.staging-…``).
STAGING_MARK = ".staging-"
# Parameters the run fills in itself unless the user passes them.
CORPUS_PARAMETER = "corpus"
TABLES_PARAMETER = "tables"


class ReportError(Exception):
    """A report run that cannot start or did not finish; the message says what to fix."""


def _run_tables(extracted: Path, given: dict[str, Any]) -> Path | None:
    """The tables folder the run's notebooks read: the one it extracted, else the folder named
    by a ``tables`` parameter; None when it holds no articles table."""
    folder = Path(given[TABLES_PARAMETER]) if given.get(TABLES_PARAMETER) else extracted
    return folder if parquet_path(folder, "articles").is_file() else None


def default_notebooks_dir() -> Path:
    """The repository's ``notebooks/`` folder (beside ``lib/``), else ``./notebooks``."""
    beside = Path(__file__).resolve().parents[3] / "notebooks"
    return beside if beside.is_dir() else Path.cwd() / "notebooks"


def notebook_paths(folder: str | Path) -> list[Path]:
    """The report notebooks of a folder (``NN-name.ipynb``), in order."""
    paths = sorted(Path(folder).glob(NOTEBOOK_GLOB))
    if not paths:
        raise ReportError(f"no notebooks matching {NOTEBOOK_GLOB} in {folder}")
    return paths


def kernel_config() -> Config:
    """Kernel-manager settings: CurveZMQ-encrypted kernel sockets when pyzmq supports them,
    which is also what keeps ipykernel's "running over TCP without encryption" log line off
    the terminal of every run."""
    import zmq
    from traitlets.config import Config

    return Config({"KernelManager": {"transport_encryption": "auto" if zmq.has("curve")
                                     else "disabled"}})


def kernel_name() -> str:
    """The ``newsprism`` kernel the Makefile registers, else this environment's ``python3``."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL if KERNEL in KernelSpecManager().find_kernel_specs() else FALLBACK_KERNEL


def parse_value(text: str) -> Any:
    """A ``-p`` value as YAML (numbers, lists, null), dates and other text kept as strings."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return text if isinstance(value, (dt.date, dict)) else value


def notebook_parameters(path: Path) -> dict[str, Any]:
    """Names and default literals of a notebook's ``parameters`` cell."""
    import papermill

    return {name: spec["default"] for name, spec in papermill.inspect_notebook(str(path)).items()}


def plan_parameters(notebooks: Sequence[Path], given: dict[str, Any],
                    filled: dict[str, Any]) -> dict[Path, dict[str, Any]]:
    """Each notebook's parameters; an unknown name is an error before anything runs."""
    declared = {path: notebook_parameters(path) for path in notebooks}
    known = set().union(*(set(names) for names in declared.values()))
    unknown = sorted(set(given) - known)
    if unknown:
        raise ReportError(f"unknown parameter(s) {', '.join(unknown)}; the notebooks take: "
                          f"{', '.join(sorted(known))}")
    values = {**filled, **given}
    return {path: {k: v for k, v in values.items() if k in names}
            for path, names in declared.items()}


def notebook_title(path: Path) -> str:
    """The first markdown heading of a notebook, else its file name."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


def export_html(notebook: Path, target: Path) -> Path:
    """Standalone HTML of an executed notebook: code hidden, images inline, no CDN scripts."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=TEMPLATE, extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    target.write_text(body, encoding="utf-8")
    return target


def corpus_fingerprint(corpus: str | Path, metadata: str | Path | None = None) -> str:
    """SHA-256 over the names and bytes of every input file (and the metadata file)."""
    root = Path(corpus)
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    if metadata:
        files.append(Path(metadata))
    digest = hashlib.sha256()
    for file in files:
        name = file.name if root.is_file() else str(file.relative_to(root)) \
            if file.is_relative_to(root) else str(file)
        digest.update(name.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:16]


def _dotfiles(folder: Path) -> list[Path]:
    """Top-level hidden files of a report folder (e.g. ``.gitkeep``), carried over a swap."""
    return [p for p in folder.iterdir() if p.name.startswith(".") and p.is_file()] \
        if folder.is_dir() else []


def swap(staging: Path, out: Path) -> None:
    """Replace ``out`` with ``staging`` by two renames on one filesystem, then drop the old."""
    for hidden in _dotfiles(out):
        shutil.copy2(hidden, staging / hidden.name)
    old = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def _keep_failed(executed: Path, out: Path) -> Path:
    """Move a failed executed notebook to ``<out>/failed/`` for debugging."""
    folder = out / FAILED_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / executed.name
    if executed.is_file():
        shutil.copy2(executed, target)
    return target


def _failure(path: Path, error: Exception, kept: Path) -> ReportError:
    """A clear error naming the notebook, its failing cell and where the notebook is kept."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(error, PapermillExecutionError):
        where = f"cell {error.cell_index} (execution count {error.exec_count}): " \
                f"{error.ename}: {error.evalue}"
    else:
        where = f"{type(error).__name__}: {error}"
    return ReportError(f"{path.name} failed at {where}; executed notebook kept in {kept}; "
                       "previous report left in place")


def build_report(corpus: str | Path, out: str | Path, parameters: dict[str, Any] | None = None,
                 *, notebooks: str | Path | None = None, metadata: str | Path | None = None,
                 kernel: str | None = None,
                 progress: Callable[[str], None] = print) -> list[NotebookRun]:
    """Run every notebook on ``corpus`` and publish HTML and an index into ``out``.

    Unless a ``tables`` parameter names an extract, the corpus is extracted once (with the
    data files and settings among ``parameters``) into ``<out>/tables``, which every
    notebook reads."""
    import papermill

    corpus, out = Path(corpus).resolve(), Path(out).resolve()
    folder = Path(notebooks) if notebooks else default_notebooks_dir()
    paths = notebook_paths(folder)
    given = dict(parameters or {})
    filled: dict[str, Any] = {CORPUS_PARAMETER: str(corpus)}
    if metadata:
        filled["metadata"] = str(Path(metadata).resolve())
    plan = plan_parameters(paths, given, filled)
    if not corpus.exists():
        raise ReportError(f"corpus not found: {corpus}")
    kernel = kernel or kernel_name()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}{STAGING_MARK}{uuid.uuid4().hex[:8]}")
    staging.mkdir()
    try:
        if TABLES_PARAMETER not in given:
            tables = staging / TABLES_FOLDER
            extract_to(corpus, tables, Options.of({**given, **filled}))
            plan = {path: {**values, TABLES_PARAMETER: str(tables)}
                    if TABLES_PARAMETER in notebook_parameters(path) else values
                    for path, values in plan.items()}
        runs = []
        for number, path in enumerate(paths, start=1):
            executed = staging / path.name
            started = time.perf_counter()
            progress(f"[{number}/{len(paths)}] {path.name} ...")
            try:
                papermill.execute_notebook(str(path), str(executed), parameters=plan[path],
                                           kernel_name=kernel, cwd=str(folder.resolve()),
                                           progress_bar=False, config=kernel_config(),
                                           extra_arguments=KERNEL_ARGUMENTS)
            except Exception as error:
                raise _failure(path, error, _keep_failed(executed, out)) from error
            export_html(executed, staging / f"{path.stem}.html")
            seconds = time.perf_counter() - started
            progress(f"[{number}/{len(paths)}] {path.name} ok ({seconds:.1f} s)")
            shown = {k: str(out / TABLES_FOLDER) if k == TABLES_PARAMETER and
                     str(v).startswith(str(staging)) else v for k, v in plan[path].items()}
            runs.append(NotebookRun(path.name, notebook_title(path), f"{path.stem}.html",
                                    seconds, shown))
        info = {"run at (UTC)": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "corpus": str(corpus),
                "corpus fingerprint": corpus_fingerprint(corpus, metadata),
                "newsprism version": __version__, "kernel": kernel,
                "parameters given": given}
        found = _run_tables(staging / TABLES_FOLDER, given)
        if found is not None:
            write_article_pages(found, corpus, staging)
        (staging / "index.html").write_text(
            index_page(runs, info, None if found is None else index_tables(found)),
            encoding="utf-8")
        swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return runs
