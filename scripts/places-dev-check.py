#!/usr/bin/env python3
"""How many gold event locations of a corpus have a resolved place mention nearby.

usage: sitrep places --format jsonl CORPUS_DIR > mentions.jsonl
       scripts/places-dev-check.py CORPUS_DIR mentions.jsonl
"""
import collections
import glob
import json
import math
import sys


def km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def main():
    corpus, mentions_path = sys.argv[1], sys.argv[2]
    mentions = collections.defaultdict(list)
    for line in open(mentions_path, encoding="utf-8"):
        m = json.loads(line)
        if m["lat"] is not None:
            mentions[m["doc_id"]].append(m)
    total = near10 = near161 = 0
    for path in sorted(glob.glob(f"{corpus}/*.gold.json")):
        doc = path.rsplit("/", 1)[1][: -len(".gold.json")]
        locations = {(e["location"]["name"], e["location"]["lat"], e["location"]["lon"])
                     for e in json.load(open(path, encoding="utf-8")).get("events", [])
                     if (e.get("location") or {}).get("lat") is not None}
        for _, lat, lon in locations:
            total += 1
            best = min((km(lat, lon, m["lat"], m["lon"]) for m in mentions[doc]), default=math.inf)
            near10 += best <= 10
            near161 += best <= 161
    print(f"{total} distinct gold event locations; a resolved mention within 10 km: {near10} "
          f"({near10 / total:.0%}), within 161 km: {near161} ({near161 / total:.0%})")


if __name__ == "__main__":
    main()
