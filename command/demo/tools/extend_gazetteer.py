#!/usr/bin/env python3
"""Extends the demo city's gazetteer to the bureau's scale: 8 counties and 112 villages.

schema/gazetteer.json starts with the shared corpus's city (3 counties, 12 townships, 60
villages: shared/corpus/gazetteer.json, places P0001..P0072, which the codec's place table and the
CAP samples use). The seeds name 8 counties/districts (seed-digest §4) and 112 administrative
villages (§6), so this script appends 5 fictional counties with 18 townships and 52 villages after
them, on the same grid (west and north of it: the sea is to the east), without touching the first 72 places. Deterministic: running it again
rewrites the same file.

    python3 command/demo/tools/extend_gazetteer.py schema/gazetteer.json
"""
import json
import random
import sys

CORE_PLACES = 72
CORE_COUNTIES = 3

# zh, en, [(township zh, township en, grid row, grid column, villages)]
COUNTIES = [
    ("金溪县", "Jinxi County", [("金溪镇", "Jinxi Town", 0, -2, 3), ("杨梅岭乡", "Yangmeiling Township", 0, -1, 3),
                                ("下洋镇", "Xiayang Town", 1, -2, 3), ("枫林镇", "Fenglin Town", 1, -1, 3)]),
    ("安澜县", "Anlan County", [("安澜镇", "Anlan Town", 0, -3, 3), ("龙潭乡", "Longtan Township", 1, -3, 3),
                                ("上垟镇", "Shangyang Town", 2, -3, 3)]),
    ("翠屏县", "Cuiping County", [("翠屏街道", "Cuiping Subdistrict", 2, -2, 3), ("大田乡", "Datian Township", 2, -1, 3),
                                  ("芦浦镇", "Lupu Town", 3, -2, 3), ("石门乡", "Shimen Township", 3, -1, 3),
                                  ("沙埕镇", "Shacheng Town", 4, -2, 3)]),
    ("丰山县", "Fengshan County", [("丰山镇", "Fengshan Town", 3, 0, 3), ("茶坪乡", "Chaping Township", 3, 1, 3),
                                   ("桃源镇", "Taoyuan Town", 4, 0, 3), ("竹溪乡", "Zhuxi Township", 4, 1, 3)]),
    ("北岙区", "Bei'ao District", [("北岙街道", "Bei'ao Subdistrict", 3, 2, 2), ("岩头镇", "Yantou Town", 4, 2, 2)]),
]

# The core city's grid: 0.18° of latitude by 0.17° of longitude per township, from 27.85 N 119.95 E.
LAT0, LON0, DLAT, DLON = 27.85, 119.95, 0.18, 0.17

FIRST = [("东", "Dong"), ("西", "Xi"), ("南", "Nan"), ("北", "Bei"), ("上", "Shang"), ("下", "Xia"), ("前", "Qian"),
         ("后", "Hou"), ("大", "Da"), ("小", "Xiao"), ("新", "Xin"), ("高", "Gao"), ("黄", "Huang"), ("白", "Bai")]
SECOND = [("坑", "keng"), ("岙", "ao"), ("垟", "yang"), ("塘", "tang"), ("岭", "ling"), ("坪", "ping"), ("溪", "xi"),
          ("湾", "wan"), ("山", "shan"), ("田", "tian"), ("源", "yuan"), ("头", "tou")]


def village_name(rng, taken):
    while True:
        (a, a_en), (b, b_en) = rng.choice(FIRST), rng.choice(SECOND)
        if a + b not in taken:
            taken.add(a + b)
            # Pinyin writes an apostrophe before a syllable that starts with a vowel (Dong'ao).
            return a + b + "村", a_en + ("'" if b_en[0] in "aoe" else "") + b_en + " Village"


def main(path):
    with open(path, encoding="utf-8") as f:
        gaz = json.load(f)
    places = gaz["places"][:CORE_PLACES]
    counties, counties_en = gaz["counties"][:CORE_COUNTIES], gaz["counties_en"][:CORE_COUNTIES]
    rng = random.Random(8)
    next_id, town_no = CORE_PLACES + 1, 12
    for county_no, (county, county_en, towns) in enumerate(COUNTIES, start=CORE_COUNTIES + 1):
        counties.append(county)
        counties_en.append(county_en)
        for town, town_en, row, col, villages in towns:
            town_no += 1
            lat0, lon0 = round(LAT0 + row * DLAT, 2), round(LON0 + col * DLON, 2)
            lat1, lon1 = round(lat0 + DLAT, 2), round(lon0 + DLON, 2)
            places.append({"id": f"P{next_id:04d}", "kind": "township", "name": town, "name_en": town_en, "county": county,
                           "geocode": f"3399{county_no:02d}{town_no:03d}",
                           "lat": round(rng.uniform(lat0 + 0.05, lat1 - 0.05), 5),
                           "lon": round(rng.uniform(lon0 + 0.05, lon1 - 0.05), 5),
                           "area": [[lat0, lon0], [lat1, lon0], [lat1, lon1], [lat0, lon1], [lat0, lon0]]})
            next_id += 1
            taken = set()
            for _ in range(villages):
                zh, en = village_name(rng, taken)
                places.append({"id": f"P{next_id:04d}", "kind": "village", "name": town + zh, "name_en": f"{en}, {town_en}",
                               "county": county, "township": town,
                               "lat": round(rng.uniform(lat0 + 0.01, lat1 - 0.01), 5),
                               "lon": round(rng.uniform(lon0 + 0.01, lon1 - 0.01), 5)})
                next_id += 1
    gaz["counties"], gaz["counties_en"], gaz["places"] = counties, counties_en, places
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(gaz, ensure_ascii=False, indent=1))  # the corpus file's own layout


if __name__ == "__main__":
    main(sys.argv[1])
