#!/usr/bin/env python3
"""Country representative points from Natural Earth (npm world-atlas, public domain):
the area centroid of each country's largest polygon, so the contiguous United States,
not Alaska and Hawaii, decides where "United States" is.

usage: scripts/country-centroids.py countries-50m.json > centroids.tsv   (ISO numeric, lat, lon)
"""
import json
import sys


def main():
    topo = json.load(open(sys.argv[1]))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx):
        out = []
        for i in idx:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        # Rings cut at the antimeridian (Russia, Fiji) are unwrapped into one run of longitudes.
        for k in range(1, len(out)):
            x, y = out[k]
            while x - out[k - 1][0] > 180:
                x -= 360
            while x - out[k - 1][0] < -180:
                x += 360
            out[k] = (x, y)
        return out

    def area_centroid(pts):
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
            c = x0 * y1 - x1 * y0
            a += c
            cx += (x0 + x1) * c
            cy += (y0 + y1) * c
        if a == 0:
            return 0.0, pts[0]
        return abs(a / 2), (cx / (3 * a), cy / (3 * a))

    for g in topo["objects"]["countries"]["geometries"]:
        if "id" not in g or g["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        best = max((area_centroid(ring(p[0])) for p in polys), key=lambda t: t[0])
        lon, lat = best[1]
        lon = (lon + 180) % 360 - 180
        print(f"{int(g['id'])}\t{lat:.5f}\t{lon:.5f}")


if __name__ == "__main__":
    main()
