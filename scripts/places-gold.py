#!/usr/bin/env python3
"""Converts the public geoparsing gold sets into one JSON Lines format for `sitrep eval-places`.

Each output line: {"id", "lang", "text", "toponyms": [{"start", "end", "text", "lat", "lon",
"geonameid"}]} with BYTE offsets into the UTF-8 text (the sets use character offsets).
lat/lon/geonameid are null where the gold has none (HIPE links to Wikidata only).

usage: scripts/places-gold.py EVAL_DIR OUT_DIR
"""
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def byte_offsets(text):
    """char index -> byte index, one entry past the end."""
    out, b = [], 0
    for ch in text:
        out.append(b)
        b += len(ch.encode("utf-8"))
    out.append(b)
    return out


def top(text, start, end, lat, lon, gid, offs):
    return {
        "start": offs[start], "end": offs[end], "text": text[start:end],
        "lat": None if lat in (None, "") else float(lat),
        "lon": None if lon in (None, "") else float(lon),
        "geonameid": None if gid in (None, "") else int(gid),
    }


def lgl_like(path, name):
    """LGL and TR-News: <toponym><start/><end/><gaztag geonameid><lat/><lon/>."""
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        offs = byte_offsets(text)
        tops = []
        for t in art.iter("toponym"):
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            g = t.find("gaztag")
            if g is None or e > len(text):
                continue
            tops.append(top(text, s, e, g.findtext("lat"), g.findtext("lon"), g.get("geonameid"), offs))
        docs.append({"id": f"{name}-{art.get('docid')}", "lang": "en", "text": text, "toponyms": tops})
    return docs


# GeoWebNews types that name a place (Gritta et al. 2019, "pragmatic" toponyms); the
# *_Expression types and Non_Toponym are common nouns or non-places.
GWN_TOPONYM = {"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal", "Metonymic", "Coercion",
               "Non_Literal_Modifier", "Embedded_Non_Lit", "Demonym"}


def gwn(path):
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        offs = byte_offsets(text)
        tops = []
        for t in art.iter("toponym"):
            if t.findtext("type") not in GWN_TOPONYM:
                continue
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            if e > len(text):
                continue
            tops.append(top(text, s, e, t.findtext("latitude"), t.findtext("longitude"), t.findtext("geonamesID"), offs))
        docs.append({"id": f"gwn-{art.get('file')}", "lang": "en", "text": text, "toponyms": tops})
    return docs


def hipe(path, name):
    """HIPE IOB TSV: documents rebuilt from tokens; `loc` coarse entities are the toponyms."""
    docs, cur = [], None

    def flush():
        if cur and cur["pieces"]:
            text = "".join(cur["pieces"])
            offs = byte_offsets(text)
            tops = [top(text, s, e, None, None, None, offs) for s, e in cur["spans"]]
            docs.append({"id": cur["id"], "lang": "fr", "text": text, "toponyms": tops})

    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# hipe2022:document_id"):
            flush()
            cur = {"id": f"{name}-{line.split('=', 1)[1].strip()}", "pieces": [], "spans": [], "open": None, "len": 0}
            continue
        if not line or line.startswith("#") or line.startswith("TOKEN\t") or cur is None:
            continue
        cols = line.split("\t")
        tok, tag, misc = cols[0], cols[1].lower(), cols[-1]
        start = cur["len"]
        cur["pieces"].append(tok)
        cur["len"] += len(tok)
        if tag.startswith("b-loc"):
            cur["spans"].append([start, cur["len"]])
        elif tag.startswith("i-loc") and cur["spans"]:
            cur["spans"][-1][1] = cur["len"]
        sep = "" if "NoSpaceAfter" in misc else ("\n" if "EndOfLine" in misc else " ")
        cur["pieces"].append(sep)
        cur["len"] += len(sep)
    flush()
    return docs


def idrisi(root):
    docs = []
    for path in sorted(Path(root).glob("*/*.jsonl")):
        for line in open(path, encoding="utf-8"):
            d = json.loads(line)
            text = d["text"]
            offs = byte_offsets(text)
            tops = []
            for m in d.get("location_mentions", []):
                o = m.get("osm_json") or {}
                s, e = m["start_offset"], m["end_offset"]
                if e > len(text):
                    continue
                tops.append(top(text, s, e, o.get("lat"), o.get("lon"), None, offs))
            docs.append({"id": f"idrisi-{path.parent.name}-{d['tweet_id']}", "lang": "ar", "text": text, "toponyms": tops})
    return docs


def main():
    ev, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    sets = {
        "tr-news": lambda: lgl_like(ev / "tr-news/TR-News.xml", "trnews"),
        "lgl": lambda: lgl_like(ev / "lgl/lgl.xml", "lgl"),
        "geowebnews": lambda: gwn(ev / "geowebnews/GWN.xml"),
        "hipe2022-fr-newseye": lambda: hipe(ev / "hipe2022-fr/HIPE-2022-v2.1-newseye-test-fr.tsv", "newseye"),
        "idrisi-d-arabic": lambda: idrisi(ev / "idrisi-d-arabic"),
    }
    for name, load in sets.items():
        docs = load()
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        print(f"{name}: {len(docs)} documents, {sum(len(d['toponyms']) for d in docs)} toponyms", file=sys.stderr)


if __name__ == "__main__":
    main()
