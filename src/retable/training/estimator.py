"""The cell-role classifier as a scikit-learn estimator, for training.

``fit`` trains with scikit-learn and keeps only arrays (a :class:`RoleModel`);
prediction and saving go through those arrays, so the saved model loads in a parse
without scikit-learn (:meth:`retable.classifier.RoleModel.load`).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

from ..classifier import RoleModel


class CellRoleClassifier(ClassifierMixin, BaseEstimator):
    """Predicts the role of every cell from its windowed features.

    Parameters follow scikit-learn conventions and are passed to
    :class:`sklearn.neural_network.MLPClassifier`; ``hidden=0`` trains a
    multinomial logistic regression instead.
    """

    def __init__(
        self,
        hidden: int = 0,
        alpha: float = 1e-2,
        max_iter: int = 300,
        solver: str = "lbfgs",
        random_state: int = 0,
    ) -> None:
        self.hidden = hidden
        self.alpha = alpha
        self.max_iter = max_iter
        self.solver = solver
        self.random_state = random_state

    def fit(self, X: np.ndarray, y: np.ndarray) -> CellRoleClassifier:
        X = np.asarray(X, dtype=np.float64)
        mean = X.mean(axis=0)
        scale = X.std(axis=0)
        scale = np.where(scale > 1e-9, scale, 1.0)
        Z = (X - mean) / scale
        if self.hidden:
            net = MLPClassifier(
                hidden_layer_sizes=(self.hidden,),
                alpha=self.alpha,
                max_iter=self.max_iter,
                solver=self.solver,
                random_state=self.random_state,
            )
            with warnings.catch_warnings():  # lbfgs stops at max_iter by design
                warnings.simplefilter("ignore", ConvergenceWarning)
                net.fit(Z, y)
            coefs = [w.astype(np.float32) for w in net.coefs_]
            intercepts = [b.astype(np.float32) for b in net.intercepts_]
            classes = net.classes_
        else:
            lr = LogisticRegression(C=1.0 / max(self.alpha, 1e-6), max_iter=self.max_iter)
            lr.fit(Z, y)
            coefs = [lr.coef_.T.astype(np.float32)]
            intercepts = [lr.intercept_.astype(np.float32)]
            classes = lr.classes_
        if len(classes) == 2:  # binary MLP/LR output one logit; keep two columns
            coefs[-1] = np.hstack([-coefs[-1], coefs[-1]]) / 2
            intercepts[-1] = np.hstack([-intercepts[-1], intercepts[-1]]) / 2
        self.model_ = RoleModel(
            mean=mean.astype(np.float32),
            scale=scale.astype(np.float32),
            coefs=tuple(coefs),
            intercepts=tuple(intercepts),
            classes=classes,
        )
        self.classes_ = classes
        return self

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        return self.model_.decision_function(X)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return self.model_.predict_proba(X)

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.model_.predict(X)

    def save(self, directory: str | Path, metadata: dict[str, Any] | None = None) -> Path:
        """Write the fitted arrays (``weights.npz``) and metadata (``model.json``)."""
        meta = {"estimator": type(self).__name__, "params": self.get_params(), **(metadata or {})}
        return self.model_.save(directory, meta)

    @classmethod
    def load(cls, directory: str | Path) -> tuple[CellRoleClassifier, dict[str, Any]]:
        """A saved model as a fitted estimator (to evaluate or compare it in scikit-learn)."""
        model, meta = RoleModel.load(directory)
        estimator = cls(**meta.get("params", {}))
        estimator.model_ = model
        estimator.classes_ = model.classes
        return estimator, meta
