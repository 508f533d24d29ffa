"""Learning curves as inline SVG (no image files, no script): success of the selected action set
per round, one polyline per method/type, points with a <title> tooltip."""

from __future__ import annotations

from html import escape

COLOURS = ("#1565c0", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#ad1457")
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 280, 50, 170, 15, 40


def curves_svg(curves: dict[str, list[tuple[str, int, float]]]) -> str:
    """curves: label -> [(type, round, success in [0, 1])]; '' when there is nothing to plot."""
    points = [p for series in curves.values() for p in series]
    if not points:
        return ""
    rounds = [p[1] for p in points]
    low, high = min(rounds), max(max(rounds), min(rounds) + 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(round_number: int) -> float:
        return LEFT + (round_number - low) / (high - low) * plot_w

    def y(value: float) -> float:
        return TOP + (1 - value) * plot_h

    parts = [f'<svg id="learning-curve" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="learning curves">',
             f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#999"/>']
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e0e0e0"/>'
                     f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" font-size="11" text-anchor="end">{tick:.0%}</text>')
    for number in range(low, high + 1):
        parts.append(f'<text x="{x(number):.1f}" y="{TOP + plot_h + 16}" font-size="11" text-anchor="middle">{number}</text>')
    parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 6}" font-size="12" text-anchor="middle">learning round</text>')
    for index, (label, series) in enumerate(sorted(curves.items())):
        colour = COLOURS[index % len(COLOURS)]
        coords = [(x(r), y(v), r, v) for _t, r, v in sorted(series, key=lambda p: p[1])]
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
                     + " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy, _r, _v in coords) + '"/>')
        for cx, cy, r, v in coords:
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}">'
                         f"<title>{escape(label)} round {r}: {v:.0%}</title></circle>")
        ly = TOP + 14 + index * 16
        parts.append(f'<rect x="{LEFT + plot_w + 10}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{LEFT + plot_w + 25}" y="{ly}" font-size="11">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
