"""The accuracy gate of the selective parse: ``onrecord eval`` in both parse modes, side by side.

    .venv/bin/python -m bench.accuracy_gate [GOLD ...] [--limit N] [--tolerance 0.5]

Scores every gold set (default: the seeds' gold.json and PolNeAR dev from ../shared) with
``parse_mode=full`` and ``parse_mode=selective`` and prints every F1 and accuracy figure of
both with the difference in points. Exit status 1 when a figure of ``selective`` is more
than ``--tolerance`` points below ``full`` (the gate of issue 7), 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_GOLD = [SHARED / "examples" / "seeds" / "gold.json", SHARED / "datasets" / "polnear" / "dev.jsonl"]


def figures(result: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """Every F1 and accuracy of one set's result, by dotted name (figures with no cases left out)."""
    out: dict[str, float] = {}
    for key, value in result.items():
        if isinstance(value, dict):
            out.update(figures(value, f"{prefix}{key}."))
        elif key in ("f1", "accuracy") and value is not None:
            out[prefix + key] = float(value)
    return out


def compare(full: dict[str, Any], selective: dict[str, Any], tolerance: float) -> tuple[list[str], bool]:
    """Report lines and whether every figure of ``selective`` is within ``tolerance`` points of ``full``."""
    lines, ok = [], True
    for a, b in zip(full["sets"], selective["sets"], strict=True):
        fa, fb = figures(a), figures(b)
        for name, value in fa.items():
            diff = (fb.get(name, 0.0) - value) * 100
            bad = diff < -tolerance
            ok &= not bad
            lines.append(f"{a['name']:<14}{name:<36}{value * 100:>8.2f}{fb.get(name, 0.0) * 100:>11.2f}{diff:>+8.2f}"
                         + ("  FAIL" if bad else ""))
    return lines, ok


def name_agreement(full: list[Any], selective: list[Any]) -> tuple[int, int]:
    """Of the statements both modes find (same article, span and kind), how many name the same
    speaker. The PolNeAR eval scores the speaker mention, not the name the resolver gives it,
    so a change that only renames speakers would pass the figures above unseen."""

    def names(extractions: list[Any]) -> dict[tuple[Any, ...], str | None]:
        return {(ex.id, q.parts[0].start, q.parts[-1].end, q.kind): q.speaker.name for ex in extractions for q in ex.quotes}

    a, b = names(full), names(selective)
    both = [k for k in a if k in b]
    return sum(1 for k in both if a[k] == b[k]), len(both)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="*", help="gold sets (default: seeds gold.json and PolNeAR dev)")
    parser.add_argument("--limit", type=int, default=0, help="first N articles of each set (0 = all)")
    parser.add_argument("--tolerance", type=float, default=0.5, help="points a figure may drop")
    args = parser.parse_args(argv)
    paths = args.gold or [str(p) for p in DEFAULT_GOLD if p.exists()]
    if not paths:
        print("no gold set found (../shared is absent)", file=sys.stderr)
        return 0

    from onrecord.eval import evaluate_sets
    from onrecord.settings import load_settings

    base = load_settings(env={})
    kept: dict[str, dict[str, list[Any]]] = {"full": {}, "selective": {}}
    results = {mode: evaluate_sets(paths, base.replace(parse_mode=mode), args.limit or None, kept[mode])
               for mode in ("full", "selective")}
    lines, ok = compare(results["full"], results["selective"], args.tolerance)
    print(f"{'set':<14}{'figure':<36}{'full':>8}{'selective':>11}{'diff':>8}")
    print("\n".join(lines))
    for name, full in kept["full"].items():
        same, both = name_agreement(full, kept["selective"][name])
        print(f"{name:<14}speaker names as in full: {same}/{both} ({same / max(both, 1) * 100:.2f}%), reported only")
    print(f"gate={'pass' if ok else 'FAIL'} (tolerance {args.tolerance} points)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
