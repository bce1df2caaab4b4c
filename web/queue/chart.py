"""Screen-failure reasons as an SVG chart, drawn on the server with matplotlib and put inline
in the page: no chart library in the browser, nothing from a CDN."""
from __future__ import annotations

import io
import re
from functools import lru_cache

from markupsafe import Markup

from prescreen.followup.queue import CRITERION_SHORT


def failure_chart(rows: list[tuple[str, int, int]]) -> Markup:
    """rows: (criterion id or "other", failed at pre-screen, failed at the screening visit).
    The labels are criterion ids and the trial's own short wording, never anything typed."""
    return _drawn(tuple(tuple(r) for r in rows))


# Drawing takes longer than counting 100,000 screenings; the same counts give the same SVG, so
# a dashboard reloaded before anything changed is not drawn again.
@lru_cache(maxsize=16)
def _drawn(rows: tuple[tuple[str, int, int], ...]) -> Markup:
    # Imported here: only the dashboard needs matplotlib, and it is slow to import.
    import matplotlib
    from matplotlib.figure import Figure

    labels = [f"{cid} {CRITERION_SHORT.get(cid, 'other reason')}" for cid, _, _ in rows]
    pre = [p for _, p, _ in rows]
    visit = [v for _, _, v in rows]
    # The object API (Figure, not pyplot): no global figure state shared between requests.
    fig = Figure(figsize=(8, 0.45 * len(rows) + 1.3))
    ax = fig.add_subplot()
    y = range(len(rows))
    ax.barh(y, pre, color="#0b5cad", label="failed at pre-screen (assistant)")
    ax.barh(y, visit, left=pre, color="#f0a400", label="screen failed at visit (coordinator)")
    ax.set_yticks(list(y), labels=labels)
    ax.invert_yaxis()  # criteria in the trial's order, top to bottom
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("screenings")
    # Above the bars, so it never hides one.
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    out = io.StringIO()
    # Text stays text (selectable, read by screen readers, sized by the page's font), and a
    # fixed hash salt keeps the SVG's ids identical from one rendering to the next.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "prescreen"}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    svg = out.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and doctype: it goes inside HTML
    svg = _without_inline_css(svg)
    svg = re.sub(r"<svg ", '<svg role="img" aria-labelledby="failure-chart-title" ', svg, count=1)
    return Markup(svg)


def _attributes(declarations: str) -> str:
    """`fill: #0b5cad; font: 10px 'sans-serif'` -> ` fill="#0b5cad" font-size="10px" font-family="sans-serif"`."""
    out = []
    for declaration in declarations.split(";"):
        name, _, value = (part.strip() for part in declaration.partition(":"))
        if not name:
            continue
        if name == "font":  # the shorthand is not an SVG attribute; matplotlib writes "<size> <family>"
            size, _, family = value.partition(" ")
            out += [("font-size", size), ("font-family", family.strip("'\""))]
        else:
            out.append((name, value))
    return "".join(f' {name}="{value}"' for name, value in out)


def _without_inline_css(svg: str) -> str:
    """matplotlib styles its SVG with style="..." attributes and a <style> element, which the
    pages' Content-Security-Policy (style-src 'self') refuses. The same declarations as SVG
    presentation attributes draw the same chart and are not CSS, so the policy stays strict."""
    rule = re.search(r"<style[^>]*>\s*\*\s*\{([^}]*)\}\s*</style>", svg)
    if rule:  # a rule for every element: inherited properties, so once on the root does it
        svg = svg.replace(rule.group(0), "")
        svg = svg.replace("<svg ", "<svg" + _attributes(rule.group(1)) + " ", 1)
    svg = re.sub(r'\sstyle="([^"]*)"', lambda m: _attributes(m.group(1)), svg)
    if "style" in re.sub(r"<text[^>]*>[^<]*</text>", "", svg):
        raise ValueError("the chart still holds inline CSS, which the Content-Security-Policy refuses")
    return svg
