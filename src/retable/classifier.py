"""The trained cell-role model's weights, and prediction from them with numpy alone.

The model is a multinomial logistic regression over the windowed cell features of
:mod:`retable.features` (or a one-hidden-layer network). It is trained with
scikit-learn (:class:`retable.training.estimator.CellRoleClassifier`), but a parse
only needs its arrays: they are stored as ``.npz`` (arrays only, loaded with
``allow_pickle=False``) beside a JSON file of metadata, so loading a model never runs
stored code, and parsing never imports scikit-learn (which costs about a second).

Why linear: on the leave-one-layout-out benchmark (each layout family held out of
training in turn, 110 documents, 21,870 cells) the linear model got 122 cells wrong,
a 48-unit network 142 and the rules 182; the network fits the layouts it has seen
more closely and transfers worse. It also predicts a table in well under a millisecond.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .errors import ModelError

WEIGHTS = "weights.npz"
METADATA = "model.json"
FORMAT_VERSION = 1

# Which roles a cell of each lexical shape may take: the model chooses among them.
ALLOWED = {
    "number": ("value", "continuation", "noise"),
    "blank": ("blank", "continuation", "noise"),
    "text": ("label", "header", "continuation", "noise"),
    "noise": ("noise", "continuation"),
}


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0, out=x)


# OpenBLAS multiplies on several threads once a product takes more than 65536 × 4
# multiply-adds, and its threads then spin between the parser's calls, burning about a
# tenth of a parse's CPU time. A large region's cells are multiplied in slices of rows
# below that size, on one thread. The shipped linear model's products come out bit for
# bit as in one call (checked up to 5,000 rows); a hidden layer's may differ from one call
# in the last bit, as they already differ between machines with more or fewer cores.
_ONE_THREAD_WORK = 65536 * 4


def _matmul(h: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``h @ w``, in slices of rows small enough for one BLAS thread."""
    rows = max(1, _ONE_THREAD_WORK // max(1, h.shape[1] * w.shape[1]))
    if len(h) <= rows:
        return h @ w
    return np.concatenate([h[i : i + rows] @ w for i in range(0, len(h), rows)])


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


class RolePredictor(Protocol):
    """What the tagger needs of a model: its classes and their probabilities.
    :class:`RoleModel` is one, and so is the scikit-learn estimator that trains it."""

    @property
    def classes_(self) -> np.ndarray: ...

    def predict_proba(self, X: np.ndarray) -> np.ndarray: ...


@dataclass(frozen=True)
class RoleModel:
    """A fitted model's arrays: feature standardisation, layer weights and classes."""

    mean: np.ndarray
    scale: np.ndarray
    coefs: tuple[np.ndarray, ...]
    intercepts: tuple[np.ndarray, ...]
    classes: np.ndarray

    @property
    def classes_(self) -> np.ndarray:
        """The classes under scikit-learn's name for them."""
        return self.classes

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        h = (np.asarray(X, dtype=np.float32) - self.mean) / self.scale
        for w, b in zip(self.coefs[:-1], self.intercepts[:-1], strict=True):
            h = _relu(_matmul(h, w) + b)
        return _matmul(h, self.coefs[-1]) + self.intercepts[-1]

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return _softmax(self.decision_function(X))

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.classes[np.argmax(self.decision_function(X), axis=1)]

    # -- persistence: arrays and JSON only ---------------------------------------

    def save(self, directory: str | Path, metadata: dict[str, Any] | None = None) -> Path:
        """Write ``weights.npz`` and ``model.json`` into ``directory``."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {"mean": self.mean, "scale": self.scale}
        for i, (w, b) in enumerate(zip(self.coefs, self.intercepts, strict=True)):
            arrays[f"w{i}"] = w
            arrays[f"b{i}"] = b
        np.savez_compressed(directory / WEIGHTS, **arrays)  # type: ignore[arg-type]
        meta = {
            "format_version": FORMAT_VERSION,
            "classes": [str(c) for c in self.classes],
            "layers": len(self.coefs),
            **(metadata or {}),
        }
        (directory / METADATA).write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
        return directory

    @classmethod
    def load(cls, directory: str | Path) -> tuple[RoleModel, dict[str, Any]]:
        """Load a saved model; raises :class:`ModelError` when it is missing or unreadable."""
        directory = Path(directory)
        try:
            meta = json.loads((directory / METADATA).read_text("utf-8"))
            if meta.get("format_version") != FORMAT_VERSION:
                raise ModelError(
                    f"model format {meta.get('format_version')} is not supported", str(directory)
                )
            with np.load(directory / WEIGHTS, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
            layers = int(meta["layers"])
            model = cls(
                mean=arrays["mean"],
                scale=arrays["scale"],
                coefs=tuple(arrays[f"w{i}"] for i in range(layers)),
                intercepts=tuple(arrays[f"b{i}"] for i in range(layers)),
                classes=np.array(meta["classes"]),
            )
        except ModelError:
            raise
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"cannot load model: {exc}", str(directory)) from exc
        return model, meta
