"""Precision/recall of the boilerplate line classifier on the labelled line sets.

Run: ``.venv/bin/python tests/clean/score_lines.py [-v]`` (``-v`` lists every miss and false
positive). Boilerplate is the positive class; a line's reason code must also match for
``reason_accuracy``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from onrecord.clean.lines import classify_line

HERE = Path(__file__).resolve().parent
SETS = ("lines.tsv", "lines_heldout.tsv", "lines_heldout2.tsv")


@dataclass
class Score:
    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    same_reason: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def reason_accuracy(self) -> float:
        return self.same_reason / self.tp if self.tp else 1.0

    def summary(self) -> str:
        return (
            f"{self.name}: {self.tp + self.fn} boilerplate / {self.fp + self.tn} body lines; "
            f"precision {self.precision:.3f} recall {self.recall:.3f} "
            f"(tp {self.tp} fp {self.fp} fn {self.fn}); same reason on {self.reason_accuracy:.0%} of hits"
        )


def read_cases(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"{path.name}:{n}: expected label<TAB>convention<TAB>line")
        rows.append((parts[0], parts[1], parts[2]))
    return rows


def score(path: Path) -> Score:
    result = Score(path.name)
    for label, convention, line in read_cases(path):
        verdict = classify_line(line)
        if label != "body" and verdict is not None:
            result.tp += 1
            result.same_reason += verdict.reason == label
        elif label != "body":
            result.fn += 1
            result.errors.append(f"missed {label} [{convention}]: {line}")
        elif verdict is not None:
            result.fp += 1
            result.errors.append(f"body taken as {verdict.reason} [{convention}]: {line}")
        else:
            result.tn += 1
    return result


if __name__ == "__main__":
    for name in SETS:
        if (HERE / name).exists():
            s = score(HERE / name)
            print(s.summary())
            if "-v" in sys.argv:
                print("".join(f"  {e}\n" for e in s.errors), end="")
