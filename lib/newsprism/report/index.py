"""The report's index page: a link per notebook, its run time and parameters, and the run's
details (time, corpus fingerprint, version)."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NotebookRun:
    """One executed notebook of a report run."""

    name: str
    title: str
    html: str
    seconds: float
    parameters: dict[str, Any]


def _cell(value: Any) -> str:
    """One escaped table cell."""
    return html.escape(json.dumps(value, default=str) if not isinstance(value, str) else value)


def index_page(runs: Sequence[NotebookRun], info: dict[str, Any]) -> str:
    """The report's index: a link per notebook, run time, fingerprint, version, parameters."""
    rows = "\n".join(
        f'<tr><td><a href="{html.escape(run.html)}">{html.escape(run.title)}</a></td>'
        f"<td>{html.escape(run.name)}</td><td>{run.seconds:.1f} s</td>"
        f"<td><code>{_cell(run.parameters)}</code></td></tr>" for run in runs)
    facts = "\n".join(f"<tr><th>{html.escape(k)}</th><td><code>{_cell(v)}</code></td></tr>"
                      for k, v in info.items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>newsprism reports</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 2em; }}
th, td {{ text-align: left; padding: 0.35em 0.6em; border-bottom: 1px solid #ddd;
  vertical-align: top; }}
code {{ font-size: 0.85em; word-break: break-all; }}
</style></head>
<body>
<h1>newsprism reports</h1>
<table><thead><tr><th>report</th><th>notebook</th><th>run time</th><th>parameters</th></tr>
</thead><tbody>
{rows}
</tbody></table>
<h2>This run</h2>
<table><tbody>
{facts}
</tbody></table>
</body></html>
"""
