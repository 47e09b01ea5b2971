"""How a place's name reads after the French prepositions "à" and "de".

"Bienvenue à Au Comptoir" and "membre de Le Hangar" are wrong: French contracts the preposition with
the article that starts many names ("au Comptoir", "du Hangar"). A place may type both forms; when it
does not, these pure functions give a sensible default from the name alone. They cannot know every
name (a vowel may start a common noun, "à l’Atelier", or a proper one, "à Emmaüs"), hence the fields.
"""

from __future__ import annotations

import re

# The leading article (or "Chez"), then what follows it. Longest first: "Aux " before "Au ".
_ARTICLE = re.compile(r"^(?P<article>les|le|la|aux|au|chez|l['’])(?:\s+|(?<=['’]))(?P<rest>\S.*)$", re.IGNORECASE)
_VOWEL = re.compile(r"^[aeiouyàâäéèêëîïôöùûüÿæœ]", re.IGNORECASE)

# article -> (form after "à", form after "de"); the rest of the name follows as typed.
_CONTRACTIONS = {
    "le": ("au ", "du "),
    "la": ("à la ", "de la "),
    "les": ("aux ", "des "),
    "l'": ("à l’", "de l’"),
    "au": ("au ", "du "),
    "aux": ("aux ", "des "),
    "chez": ("chez ", "de chez "),
}


def _split(name: str) -> tuple[str, str] | None:
    match = _ARTICLE.match(name)
    if match is None:
        return None
    return match["article"].lower().replace("’", "'"), match["rest"]


def after_a(name: str) -> str:
    """The name as it reads after "à", the preposition included: "Le Comptoir" → "au Comptoir"."""
    name = " ".join(name.split())
    split = _split(name)
    if split is None:
        return f"à {name}"
    article, rest = split
    return _CONTRACTIONS[article][0] + rest


def after_de(name: str) -> str:
    """The name as it reads after "de", the preposition included: "Le Comptoir" → "du Comptoir",
    "Emmaüs Connect" → "d’Emmaüs Connect"."""
    name = " ".join(name.split())
    split = _split(name)
    if split is None:
        return f"d’{name}" if _VOWEL.match(name) else f"de {name}"
    article, rest = split
    return _CONTRACTIONS[article][1] + rest
