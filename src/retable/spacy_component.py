"""A spaCy pipeline component: ``spacy.blank("zh").add_pipe("retable")``.

The component parses the whole text of a ``Doc`` as one report and stores the
:class:`retable.Report` on ``doc._.retable`` (``None`` when the text holds no
standard table, with the reason on ``doc._.retable_error``). It is registered
through the ``spacy_factories`` entry point, so installing retable is enough.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .errors import RetableError
from .pipeline import default_tagger, parse
from .roles import RoleTagger

for _name in ("retable", "retable_error"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class RetableComponent:
    """Calls :func:`retable.parse` on ``doc.text``; the tagger is loaded once."""

    def __init__(self, name: str = "retable", model: str | None = None) -> None:
        from .tagger import ModelRoleTagger

        self.name = name
        self.tagger: RoleTagger = ModelRoleTagger.load(model) if model else default_tagger()

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.retable = parse(doc.text.encode("utf-8"), tagger=self.tagger, name="<spacy doc>")
            doc._.retable_error = None
        except RetableError as exc:
            doc._.retable = None
            doc._.retable_error = str(exc)
        return doc


@Language.factory("retable", default_config={"model": None})
def make_retable(nlp: Language, name: str, model: str | None) -> RetableComponent:
    """Factory registered with spaCy; ``model`` names a retrained model directory."""
    return RetableComponent(name, model)
