#!/usr/bin/env python3
"""Writes the example extract and its hierarchies (examples/README.md says what they are).

Deterministic: a fixed linear congruential generator (Knuth's MMIX constants, seed 16), so the files
are the same on every machine and Python version. Run from the repository root:
    python3 examples/make-examples.py
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = 300


class Lcg:
    def __init__(self, seed):
        self.state = seed

    def below(self, n):
        self.state = (6364136223846793005 * self.state + 1442695040888963407) % 2**64
        return (self.state >> 33) % n


# school codes with leading zeros: 0102 and 102 are different schools, as a text reader keeps them
SCHOOLS = [("0102", "St Mary's, York"), ("102", "Acomb Primary"), ("0214", "Fulford School"),
           ("214", "Harrogate Grammar, Upper"), ("3301", "Leeds West Academy"), ("0033", "Ripon, Cathedral")]
DISTRICTS = ["YO1", "YO10", "YO24", "LS1", "LS6", "HG1", "HG2", "DL1"]
REASONS = ["PA", "VA", "DB", "BU"]
DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def main():
    rng = Lcg(16)
    rows = []
    for i in range(ROWS):
        year = 2010 + rng.below(3)
        month = 1 + rng.below(12)
        day = 1 + rng.below(DAYS[month - 1])
        code, name = SCHOOLS[rng.below(len(SCHOOLS))]
        reason = REASONS[rng.below(len(REASONS))] if rng.below(5) == 0 else ""
        rows.append({
            "PupilRef": "%06d" % (1 + i * 7),
            "DateOfBirth": "%04d-%02d-%02d" % (year, month, day),
            "Sex": "FM"[rng.below(2)],
            "Postcode": DISTRICTS[rng.below(len(DISTRICTS))],
            "SchoolCode": code,
            "SchoolName": name,
            "YearGroup": str(2024 - year - 5),
            "Reason": reason,
        })
    with open(os.path.join(HERE, "extract.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

    hier = os.path.join(HERE, "hierarchies")
    os.makedirs(hier, exist_ok=True)

    def write(column, lines):
        with open(os.path.join(hier, column + ".csv"), "w", encoding="utf-8") as f:
            f.write("".join(";".join(levels) + "\n" for levels in lines))

    dobs = sorted({r["DateOfBirth"] for r in rows})
    write("DateOfBirth", [(d, d[:7], d[:4], "*") for d in dobs])
    write("Sex", [("F", "*"), ("M", "*")])
    write("Postcode", [(d, d.rstrip("0123456789"), "*") for d in DISTRICTS])


if __name__ == "__main__":
    main()
