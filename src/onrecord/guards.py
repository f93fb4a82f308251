"""Guards that keep one hostile document from hanging or exhausting the pipeline.

Scraped text is hostile input. Two kinds of guard keep a document's cost bounded:

- **A real time budget** (:func:`time_budget`, the ``doc_time_budget_s`` setting): the
  stages of one document run under a watchdog that raises :class:`OverBudget` inside
  them when the budget is spent; the pipeline turns it into a skip ("over the time
  budget"). In the main thread the watchdog is ``SIGALRM`` (``setitimer``), which also
  interrupts a runaway regular expression (CPython's regex engine checks for signals);
  in any other thread (the web server's uploads, Dask workers) a timer thread raises the
  exception asynchronously in the worker thread (``PyThreadState_SetAsyncExc``), which
  takes effect at the next Python bytecode. ``OverBudget`` derives from BaseException so
  that a stage's ``except Exception`` fallback cannot swallow it.
- **Structural caps before the parser**, because a watchdog cannot stop C code: spaCy's
  tokenizer is quadratic in the length of a run of prefix punctuation (10,000 quotation
  marks in a row take ~30 s, 100,000 about an hour) and its parser needs memory in
  proportion to the characters it is given at once. :func:`parse_view` blanks runs of
  more than :data:`MAX_RUN_CHARS` non-space characters (no word, URL or quotation is
  that long; offsets are kept because the view has the same length as the text), and
  the pipeline parses at most ``max_parse_chars`` characters per document and per call.
"""

from __future__ import annotations

import ctypes
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The longest run of non-space characters handed to the tokenizer as it is. The tokenizer
# costs ~L^2 on a run of L punctuation marks (0.2 s at 500, 0.7 s at 1,000 on this machine),
# so 100-character runs keep a 200,000-character document under a few seconds in the worst
# case; real tokens longer than this are URLs and base64 blobs, which hold no statement.
MAX_RUN_CHARS = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")


class OverBudget(BaseException):
    """The document in hand has used up its time budget."""


def over_budget_reason(seconds: float) -> str:
    return f"over the time budget of {seconds:g}s (setting doc_time_budget_s)"


def parse_view(text: str) -> str:
    """``text`` with every run of more than MAX_RUN_CHARS non-space characters replaced by
    as many spaces: same length, so every offset into the view is an offset into ``text``."""
    if len(text) <= MAX_RUN_CHARS or not _LONG_RUN.search(text):
        return text
    return _LONG_RUN.sub(lambda m: " " * (m.end() - m.start()), text)


def _raise_over_budget(signum: int, frame: object) -> None:
    raise OverBudget()


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Run the block with a watchdog: :class:`OverBudget` is raised inside it after ``seconds``."""
    if seconds <= 0:
        raise OverBudget()
    in_main = threading.current_thread() is threading.main_thread()
    if in_main and hasattr(signal, "setitimer") and signal.getitimer(signal.ITIMER_REAL)[0] == 0:
        previous = signal.signal(signal.SIGALRM, _raise_over_budget)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    yield from _thread_budget(seconds)


def _thread_budget(seconds: float) -> Iterator[None]:
    target = threading.get_ident()
    lock = threading.Lock()
    done = False

    def fire() -> None:
        with lock:
            if not done:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(OverBudget))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            done = True
        timer.cancel()
