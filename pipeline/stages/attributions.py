"""Stage attributions: who is reported as the source of what.

`attribution_rows(doc_id, doc, entity_rows)` is this stage's pure core, run
by the partition engine (`pipeline.engine`) right after the entities of the
same `Doc`. The rules live in `pipeline.extractors.attributions`.
"""
from __future__ import annotations

import html
from pathlib import Path

from ..extractors.attributions import attribution_rows
from ..tables import read_table

__all__ = ["attribution_rows", "attributions_section_html"]



def _source_label(row) -> str:
    name = row["source_canonical_name"]
    if isinstance(name, str) and name:
        return name
    if row["source_type"] == "anonymous":
        return "anonymous sources"
    text = row["source_text"]
    return f"{text} (unresolved)" if isinstance(text, str) and text else "unknown source"


def attributions_section_html(out: str | Path, max_per_source: int = 50) -> str:
    """An HTML fragment for report.html: source → cue → content, grouped by source."""
    frame = read_table(out, "attributions")
    parts = ['<section id="attributions">', "<h2>Attributions</h2>",
             f"<p>{len(frame)} attributions in {frame['doc_id'].nunique()} documents.</p>"]
    if frame.empty:
        parts.append("</section>")
        return "\n".join(parts)
    frame = frame.assign(_label=[_source_label(r) for _, r in frame.iterrows()])
    groups = sorted(frame.groupby("_label", sort=False), key=lambda g: (-len(g[1]), g[0]))
    for label, rows in groups:
        stype = rows["source_type"].iloc[0]
        parts.append(f"<h3>{html.escape(label)} <small>({html.escape(str(stype))}, "
                     f"{len(rows)})</small></h3>")
        parts.append("<table><tr><th>document</th><th>cue</th><th>resolution</th><th>content</th></tr>")
        for _, r in rows.head(max_per_source).iterrows():
            content = r["content_text"] if isinstance(r["content_text"], str) else ""
            if bool(r["is_direct_quote"]) and content:
                content = f"«{content}»"
            parts.append(
                "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in (
                    f"{r['doc_id']} #{r['sent_id']}", f"{r['cue']} [{r['cue_type']}]",
                    r["resolution"], content)) + "</tr>")
        parts.append("</table>")
    parts.append("</section>")
    return "\n".join(parts)
