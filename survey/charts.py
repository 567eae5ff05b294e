"""Run charts as inline SVG, drawn on the server: readable without JavaScript, printable.

The SVG is built with ElementTree, so every text is escaped and the markup well formed.
There are no style attributes (the Content-Security-Policy allows no inline styles):
colours are SVG presentation attributes, the rest comes from classes in app.css.
Hidden points are gaps in the line with a marker and the word, never a number; the
chart's own <title> and <desc> say in words what it shows, and the page puts the
figures beside it in a table.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from .dashboard import Chart, Point, axis_labels, percent, period_name, signal_sentences
from .indicators import period_bounds

SVG_NS = "http://www.w3.org/2000/svg"

WIDTH, LEFT, RIGHT, TOP = 760, 110, 84, 40
PLOT_HEIGHT, AXIS_HEIGHT, ROW_HEIGHT = 170, 32, 16
INK, MUTED, GRID, LINE, SIGNAL, CHANGE = (
    "#1f2933", "#52606d", "#d9e2ec", "#0b5cad", "#c2410c", "#7b2cbf")


#: Text sizes in the chart's own units (it scales with the page), by class.
FONT_SIZES = {"rc-small": "11", "rc-tiny": "9"}


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    """Add a child; attribute names use _ for - (stroke_width → stroke-width)."""
    attributes = {key.rstrip("_").replace("_", "-"): str(value) for key, value in attributes.items()}
    size = next((FONT_SIZES[c] for c in attributes.get("class", "").split() if c in FONT_SIZES), None)
    if tag == "text" and size:
        attributes.setdefault("font-size", size)
    child = ET.SubElement(parent, tag, attributes)
    if text is not None:
        child.text = text
    return child


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


class _Frame:
    """Where things go: x of each period, y of each share."""

    def __init__(self, count: int, rows: int):
        self.count = max(count, 1)
        self.step = (WIDTH - LEFT - RIGHT) / self.count
        self.plot_bottom = TOP + PLOT_HEIGHT
        self.height = self.plot_bottom + AXIS_HEIGHT + rows * ROW_HEIGHT + 8

    def x(self, position: float) -> float:
        return LEFT + (position + 0.5) * self.step

    def y(self, share: float) -> float:
        return self.plot_bottom - share * PLOT_HEIGHT


def _date_position(periods: list[str], day: dt.date) -> float | None:
    """Where a date falls on the axis (in point positions), or None when off the chart."""
    for position, period in enumerate(periods):
        first, last = period_bounds(period)
        if first <= day <= last:
            fraction = (day - first).days / ((last - first).days + 1)
            return position - 0.5 + fraction
    return None


def hidden_words(point: Point) -> str:
    """Why a point is hidden, in words."""
    if point.reason == "secondary":
        return _("hidden: protects a small group")
    return _("hidden: too few answers")


def _description(chart: Chart) -> str:
    """The chart in words: what it shows, the median, hidden points, changes and signals."""
    periods = [p.period for p in chart.points]
    parts = [_("Run chart of %(count)s periods from %(first)s to %(last)s.", count=len(periods),
               first=period_name(periods[0]), last=period_name(periods[-1]))]
    if chart.analysis.median is not None:
        parts.append(_("Median %(value)s.", value=percent(chart.analysis.median)))
    if chart.baseline is not None:
        parts.append(_("The median is frozen on the periods up to %(period)s.",
                       period=period_name(chart.baseline.frozen_through)))
    hidden = sum(1 for p in chart.points if p.state == "suppressed")
    if hidden:
        parts.append(ngettext("One point is hidden to protect a small group.",
                              "%(num)s points are hidden to protect small groups.", hidden))
    for annotation in chart.annotations:
        parts.append(_("A change started %(date)s: %(title)s.",
                       date=format_date(annotation.started_on, "medium"), title=annotation.title))
    parts += signal_sentences(chart.analysis)
    return " ".join(parts)


def run_chart_svg(chart: Chart) -> Markup:
    """Draw the chart: points and line, median, changes, hidden points, n under each point."""
    periods = [point.period for point in chart.points]
    rows = 2 if chart.extra_label else 1
    frame = _Frame(len(periods), rows)
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "viewBox": f"0 0 {WIDTH} {_number(frame.height)}",
        "width": str(WIDTH), "height": _number(frame.height), "class": "rc",
        "role": "img", "aria-labelledby": f"rc-{chart.key}-title rc-{chart.key}-desc",
    })
    _element(svg, "title", f"{chart.label} · {chart.ward.full_name}", id=f"rc-{chart.key}-title")
    _element(svg, "desc", _description(chart), id=f"rc-{chart.key}-desc")
    _grid(svg, frame)
    _changes(svg, frame, chart, periods)
    _median(svg, frame, chart)
    _data(svg, frame, chart)
    _axis(svg, frame, chart, periods)
    return Markup(ET.tostring(svg, encoding="unicode"))


def _grid(svg: ET.Element, frame: _Frame) -> None:
    group = _element(svg, "g", class_="rc-grid", aria_hidden="true")
    for share in (0, 0.25, 0.5, 0.75, 1):
        y = _number(frame.y(share))
        _element(group, "line", x1=LEFT, x2=WIDTH - RIGHT, y1=y, y2=y, stroke=GRID)
        _element(group, "text", percent(share), x=LEFT - 6, y=_number(frame.y(share) + 4),
                 text_anchor="end", fill=MUTED, class_="rc-small")


def _median(svg: ET.Element, frame: _Frame, chart: Chart) -> None:
    median = chart.analysis.median
    if median is None:
        return
    y = _number(frame.y(median))
    signal = " rc-median--signal" if chart.analysis.signal else ""
    group = _element(svg, "g", class_=f"rc-median{signal}")
    frozen = chart.baseline_points
    end = WIDTH - RIGHT if frozen is None else LEFT + frozen * frame.step
    _element(group, "line", x1=LEFT, x2=_number(end), y1=y, y2=y, stroke=INK, stroke_width=2)
    if frozen is not None and end < WIDTH - RIGHT:
        # The frozen median carried on: the later points are tested against it.
        _element(group, "line", x1=_number(end), x2=WIDTH - RIGHT, y1=y, y2=y, stroke=INK,
                 stroke_width=2, stroke_dasharray="6 4", class_="rc-median-extended")
    _element(group, "text", _("Median %(value)s", value=percent(median)), x=WIDTH - RIGHT + 6,
             y=_number(frame.y(median) + 4), fill=INK, class_="rc-small")


def _changes(svg: ET.Element, frame: _Frame, chart: Chart, periods: list[str]) -> None:
    for number, annotation in enumerate(chart.annotations):
        position = _date_position(periods, annotation.started_on)
        if position is None:
            continue
        x = frame.x(position)
        group = _element(svg, "g", class_="rc-change")
        _element(group, "title", _("A change started %(date)s: %(title)s",
                                   date=format_date(annotation.started_on, "medium"),
                                   title=annotation.title))
        _element(group, "line", x1=_number(x), x2=_number(x), y1=TOP - 14 * (number % 2) - 12,
                 y2=frame.plot_bottom, stroke=CHANGE, stroke_width=2, stroke_dasharray="4 3")
        # About 6.5 units a letter: shorten the label to the room on its side of the line.
        right_side = WIDTH - x >= 150 or WIDTH - x >= x - LEFT
        room = int(((WIDTH - x) if right_side else (x - LEFT)) / 6.5) - 1
        title = annotation.title if len(annotation.title) <= room else (
            annotation.title[:max(room - 1, 8)] + "…")
        _element(group, "text", title, x=_number(x + 4 if right_side else x - 4),
                 y=TOP - 14 * (number % 2) - 4, text_anchor="start" if right_side else "end",
                 fill=CHANGE, class_="rc-small rc-change-label")


def _data(svg: ET.Element, frame: _Frame, chart: Chart) -> None:
    segment: list[str] = []
    segments = [segment]
    for position, point in enumerate(chart.points):
        if point.state == "shown":
            segment.append(f"{_number(frame.x(position))},{_number(frame.y(point.value))}")
        elif segment:
            segment = []
            segments.append(segment)
    for points in segments:
        if len(points) > 1:
            _element(svg, "polyline", points=" ".join(points), fill="none", stroke=LINE,
                     stroke_width=2, class_="rc-line")
    in_run = set(chart.analysis.longest_run_points) if chart.analysis.long_run else set()
    for position, point in enumerate(chart.points):
        x = frame.x(position)
        if point.state == "shown":
            signal = position in in_run
            circle = _element(svg, "circle", cx=_number(x), cy=_number(frame.y(point.value)),
                              r=5.5 if signal else 4, fill=SIGNAL if signal else LINE,
                              stroke=INK if signal else LINE,
                              class_="rc-point rc-point--signal" if signal else "rc-point")
            _element(circle, "title", _("%(period)s: %(value)s (n = %(n)s)",
                                        period=period_name(point.period),
                                        value=percent(point.value), n=point.n))
        elif point.state == "suppressed":
            _hidden(svg, frame, x, point)


def _hidden(svg: ET.Element, frame: _Frame, x: float, point: Point) -> None:
    """A gap with a marker and the word: the value is never drawn or written."""
    group = _element(svg, "g", class_="rc-suppressed")
    words = hidden_words(point)
    _element(group, "title", f"{period_name(point.period)}: {words}")
    _element(group, "line", x1=_number(x), x2=_number(x), y1=TOP, y2=frame.plot_bottom - 12,
             stroke=MUTED, stroke_dasharray="2 3")
    bottom = frame.plot_bottom - 6
    _element(group, "path", d=f"M{_number(x)} {_number(bottom - 5)} l5 5 l-5 5 l-5 -5 z",
             fill="#ffffff", stroke=MUTED, stroke_width=1.5, class_="rc-suppressed-marker")
    _element(group, "text", words, x=_number(x + 3.5), y=_number(frame.plot_bottom - 16),
             transform=f"rotate(-90 {_number(x + 3.5)} {_number(frame.plot_bottom - 16)})",
             fill=MUTED, class_="rc-tiny")


def _axis(svg: ET.Element, frame: _Frame, chart: Chart, periods: list[str]) -> None:
    group = _element(svg, "g", class_="rc-axis")
    y = frame.plot_bottom
    for position, (short, year) in enumerate(axis_labels(periods)):
        x = _number(frame.x(position))
        _element(group, "text", short, x=x, y=y + 14, text_anchor="middle", fill=INK,
                 class_="rc-small")
        if year:
            _element(group, "text", year, x=x, y=y + 27, text_anchor="middle", fill=MUTED,
                     class_="rc-small")
    rows = [("n", [_count(p) for p in chart.points])]
    if chart.extra_label:
        rows.append((f"{chart.extra_label} (%)", [_share(p.extra) for p in chart.points]))
    for row, (label, texts) in enumerate(rows):
        row_y = _number(y + AXIS_HEIGHT + (row + 1) * ROW_HEIGHT - 4)
        _element(group, "text", label, x=LEFT - 6, y=row_y, text_anchor="end", fill=MUTED,
                 class_="rc-small rc-row-label")
        for position, text in enumerate(texts):
            _element(group, "text", text, x=_number(frame.x(position)), y=row_y,
                     text_anchor="middle", fill=INK, class_="rc-tiny")


def _count(point: Point) -> str:
    return "–" if point.state == "suppressed" else str(point.n or 0)


def _share(point: Point | None) -> str:
    if point is None or point.state != "shown":
        return "–"
    return str(round(point.value * 100))
