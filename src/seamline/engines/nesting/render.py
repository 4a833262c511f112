"""A marker drawn three ways: SVG for screens, PDF at true scale for plotters, DXF for
cutting tables and CAD. Marker coordinates are mm, y across the fabric width."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape, quoteattr

from shapely.geometry import Polygon

from seamline.engines.nesting.result import Marker, Placement

MM_TO_PT = 72 / 25.4
FILLS = ("#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#e0e7ff", "#ccfbf1", "#fee2e2", "#f3e8ff")


def caption(marker: Marker) -> str:
    """Length x width and efficiency, in numbers and units only."""
    return f"{marker.length:.1f} mm × {marker.width:.1f} mm · {marker.efficiency * 100:.2f} %"


def _label(p: Placement) -> str:
    return p.label or p.piece_id


def _anchor(p: Placement) -> tuple[float, float, float]:
    """Where a piece's label goes and a text height that fits inside the piece."""
    shape = Polygon(p.polygon)
    point = shape.representative_point()
    x0, y0, x1, y1 = shape.bounds
    size = max(min((x1 - x0) / max(len(_label(p)), 1) * 1.4, (y1 - y0) / 3), 1e-3)
    return point.x, point.y, size


def _fills(marker: Marker) -> dict[str, str]:
    ids = sorted({p.piece_id for p in marker.placements})
    return {pid: FILLS[i % len(FILLS)] for i, pid in enumerate(ids)}


def marker_svg(marker: Marker) -> str:
    """An SVG picture of the marker (1 user unit = 1 mm) with piece labels and a caption
    giving the length and efficiency."""
    length, width = marker.length, marker.width
    band = max(width * 0.06, 1e-3)  # caption band above the fabric
    stroke = max(min(length, width) / 800, 1e-4)
    fills = _fills(marker)
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 {-band:.3f} {length:.3f} {width + band:.3f}" '
        f'width="{length:.3f}mm" height="{width + band:.3f}mm">',
        f"<title>{escape(caption(marker))}</title>",
        f'<text x="0" y="{-band * 0.3:.3f}" font-size="{band * 0.6:.3f}" '
        f'font-family="sans-serif" class="caption">{escape(caption(marker))}</text>',
        f'<rect x="0" y="0" width="{length:.3f}" height="{width:.3f}" fill="#ffffff" '
        f'stroke="#334155" stroke-width="{stroke * 2:.4f}" class="fabric"/>',
    ]
    for p in marker.placements:
        # SVG's y runs down; the marker's y runs up from the near selvedge.
        points = " ".join(f"{x:.3f},{width - y:.3f}" for x, y in p.polygon)
        out.append(
            f'<polygon points="{points}" fill="{fills[p.piece_id]}" stroke="#1e293b" '
            f'stroke-width="{stroke:.4f}" data-piece={quoteattr(p.piece_id)} '
            f'data-copy="{p.copy}"/>'
        )
        x, y, size = _anchor(p)
        out.append(
            f'<text x="{x:.3f}" y="{width - y:.3f}" font-size="{size:.3f}" '
            f'font-family="sans-serif" text-anchor="middle" dominant-baseline="middle">'
            f"{escape(_label(p))}</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def _pdf_font(texts: list[str]) -> str:
    if all(t.isascii() for t in texts):
        return "Helvetica"
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    name = "STSong-Light"  # built into reportlab: no font file needed for Chinese labels
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def marker_pdf(marker: Marker) -> bytes:
    """One page exactly the marker's size at true scale (1 mm on paper = 1 mm of
    fabric), pieces outlined and labelled, for a plotter."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    page = (marker.length * MM_TO_PT, marker.width * MM_TO_PT)
    pdf = Canvas(buffer, pagesize=page, pageCompression=1)
    pdf.setTitle(caption(marker))
    font = _pdf_font([_label(p) for p in marker.placements])
    pdf.scale(MM_TO_PT, MM_TO_PT)  # draw in mm from here on
    pdf.setLineWidth(0.3)
    pdf.rect(0, 0, marker.length, marker.width)
    for p in marker.placements:
        path = pdf.beginPath()
        (x0, y0), *rest = p.polygon
        path.moveTo(x0, y0)
        for x, y in rest:
            path.lineTo(x, y)
        path.close()
        pdf.drawPath(path, stroke=1, fill=0)
        x, y, size = _anchor(p)
        pdf.setFont(font, size)
        pdf.drawCentredString(x, y - size * 0.35, _label(p))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def marker_dxf(marker: Marker) -> bytes:
    """DXF in mm: the marker outline (layer MARKER), one closed polyline per placed
    piece (layer PIECES) and its label (layer LABELS)."""
    import ezdxf
    from ezdxf import units

    doc = ezdxf.new("R2010")
    doc.units = units.MM
    doc.header["$MEASUREMENT"] = 1
    for name, colour in (("MARKER", 8), ("PIECES", 7), ("LABELS", 3)):
        doc.layers.add(name, color=colour)
    msp = doc.modelspace()
    msp.add_lwpolyline(
        [(0, 0), (marker.length, 0), (marker.length, marker.width), (0, marker.width)],
        close=True,
        dxfattribs={"layer": "MARKER"},
    )
    for p in marker.placements:
        msp.add_lwpolyline(p.polygon, close=True, dxfattribs={"layer": "PIECES"})
        x, y, size = _anchor(p)
        msp.add_text(_label(p), height=size, dxfattribs={"layer": "LABELS"}).set_placement(
            (x, y), align=ezdxf.enums.TextEntityAlignment.MIDDLE_CENTER
        )
    text = io.StringIO()
    doc.write(text)
    return text.getvalue().encode("utf-8")
