"""The report's charts: pygal SVG, inline, the same bytes on any day (no script, fixed ids, no date)."""
from __future__ import annotations

from collections import Counter


def _config(title: str, height: int, colors: tuple[str, ...], **options) -> dict:
    """pygal options shared by the charts: a light style, no script (pygal links a tooltip script by
    default; the report fetches nothing), fixed size, inline SVG without an XML declaration."""
    from pygal.style import Style

    style = Style(background="white", plot_background="white", foreground="#1d2330", foreground_strong="#1d2330",
                  foreground_subtle="#6b7480", guide_stroke_color="#dde2e8", major_guide_stroke_color="#c5ccd6",
                  guide_stroke_dasharray="none", major_guide_stroke_dasharray="none", opacity="1", stroke_opacity="1",
                  font_family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif", colors=colors,
                  title_font_size=13, label_font_size=11, major_label_font_size=11, legend_font_size=11)
    return {"title": title, "width": 520, "height": height, "style": style, "js": [], "explicit_size": True,
            "disable_xml_declaration": True, "show_legend": False, "margin": 6, **options}


def _svg(chart, chart_id: str) -> str:
    """The chart's SVG, the same bytes on any day: its element ids (random per chart in pygal) fixed,
    without the inline script pygal always writes (its tooltip configuration: nothing runs it here), and
    without pygal's "Generated with ... on <today's date>" comment (its links to pygal stay)."""
    import re

    chart.uuid = chart_id
    svg = re.sub(r"<script\b[^>]*>.*?</script>", "", chart.render(is_unicode=True), flags=re.S)
    return re.sub(r"<!--Generated with [^>]*?-->", "", svg)


def _bar(counts: dict[str, int], title: str, color: str = "#3b6e98") -> str:
    import pygal

    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    chart = pygal.HorizontalBar(**_config(title, 26 * max(3, len(items)) + 80, (color,), show_y_guides=False))
    chart.x_labels = [k for k, _ in items][::-1]  # pygal draws the first label at the bottom: largest on top
    chart.add("", [v for _, v in items][::-1])
    return _svg(chart, "bar-" + "-".join(title.split()[:2]))


def _hist(scores: list[float], threshold: float, band: float) -> str:
    """Spin scores in 20 bins of 0.05 as a filled step line, with the threshold and review band as lines."""
    import pygal

    bins = [0] * 20
    for s in scores:
        bins[min(19, max(0, int(s * 20)))] += 1
    top = max([*bins, 1])
    step = max(1, -(-top // 5))
    chart = pygal.XY(**_config("spin score of kept and quarantined documents", 270, ("#3b6e98", "#b3261e", "#d49a00"),
                               show_legend=True, legend_at_bottom=True, legend_at_bottom_columns=3, show_dots=False,
                               xrange=(0, 1), range=(0, top), x_labels=[i / 10 for i in range(11)],
                               y_labels=list(range(0, top + step, step)), show_x_guides=False))
    steps = [pt for i, n in enumerate(bins) for pt in ((i / 20, n), ((i + 1) / 20, n))]
    chart.add("documents", [(0, 0), *steps, (1, 0)], fill=True)
    chart.add(f"threshold {threshold:g}", [(threshold, 0), (threshold, top)], stroke_style={"width": 2, "dasharray": "6,3"})
    chart.add(f"review band {band:g}", [(band, 0), (band, top)], stroke_style={"width": 2, "dasharray": "2,3"})
    return _svg(chart, "spin-scores")


def chart_inputs(removed: dict, entities: list[dict], scores: list[float], threshold: float, band: float) -> tuple:
    """What the three charts plot: removal reasons, entities per type and sources, spin scores."""
    n_src: Counter = Counter()
    for e in entities:
        n = int(e["n_documents"] or 0)
        n_src[f"{e['type']} · {'1 source' if n == 1 else '2-3 sources' if n <= 3 else '4+ sources'}"] += 1
    return dict(removed), dict(n_src), list(scores), float(threshold), float(band)


def charts(removed: dict, n_src: dict, scores: list[float], threshold: float, band: float) -> list[str]:
    """The report's charts as SVG."""
    return [_bar(removed, "sentences removed per reason"),
            _bar(n_src, "entities per type and number of sources", "#5a8f5a"),
            _hist(scores, threshold, band)]
