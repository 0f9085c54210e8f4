"""Numbers on the page, checked at the precision the reader sees.

A chapter that writes a number into its prose, a caption or an alt text (rather than
gluing it) asserts it in a hidden cell with :func:`shown`::

    shown("51 %", 100 * share)            # share rounds to 51 when printed with no decimals
    shown("1.4e-18", worst_gradient)      # 1.4 at two significant digits
    shown("76.6", surface.max())
    shown("10^{-16}", error, "<")          # a bound: error < 1e-16
    shown("65,519", condition_number)

``shown`` parses the text the way it is printed on the page (Unicode minus, thin spaces,
thousands separators, ``%``, ``e-18``, ``× 10⁻¹⁸``, ``10^{-16}``), and asserts that the
value, printed with the same number of digits, reads the same; for a bound it compares
the value with the number shown.  ``tests/test_page_numbers.py`` then requires every
number of a chapter's visible text to be glued or to appear in a ``shown`` call.
"""

from __future__ import annotations

import math
import operator
import re
from decimal import Decimal

__all__ = ["shown", "parse_shown", "article_copy_path"]

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_RELATIONS = {"=": None, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}

_NUMBER = re.compile(
    r"""^(?P<sign>-)?
        (?:(?P<mantissa>\d+(?:\.\d+)?)\s*(?:(?:e|E)(?P<e>[-+]?\d+)|(?:×|\\times|\\cdot|x)\s*10\^?\{?(?P<p>[-+]?\d+)\}?)?
          |10\^?\{?(?P<pow>[-+]?\d+)\}?)
        (?P<percent>\s*%)?$""",
    re.VERBOSE,
)


def _normalise(text: str) -> str:
    s = str(text).strip().translate(_SUPERSCRIPTS)
    for old, new in (("−", "-"), ("\u2009", ""), ("\u202f", ""), ("\u00a0", ""), (r"\,", ""), ("{,}", ""),
                     ("$", ""), (r"\%", "%"), ("·", "×")):
        s = s.replace(old, new)
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", s)  # thousands separators
    s = re.sub(r"\s*×\s*", "×", s)
    s = re.sub(r"10\s*\^", "10^", s)
    return s.strip()


def parse_shown(text: str) -> tuple[Decimal, int | None, int | None, bool]:
    """Parse a number as printed: ``(value, decimals, significant, percent)``.

    ``decimals`` is the number of digits after the point for plain numbers, ``significant``
    the number of significant digits for scientific notation (``None`` for the other).
    """
    s = _normalise(text)
    match = _NUMBER.match(s)
    if not match:
        raise ValueError(f"text must be a number as printed (e.g. '0.25', '51 %', '1.4e-18', '10^{{-16}}'), got {text!r}")
    sign = -1 if match["sign"] else 1
    percent = bool(match["percent"])
    if match["pow"] is not None:
        exponent = int(match["pow"])
        return Decimal(sign) * Decimal(10) ** exponent, None, 1, percent
    mantissa = match["mantissa"]
    exponent = match["e"] if match["e"] is not None else match["p"]
    digits = mantissa.split(".")
    decimals = len(digits[1]) if len(digits) == 2 else 0
    value = Decimal(sign) * Decimal(mantissa)
    if exponent is not None:
        significant = len(digits[0].lstrip("0") or "0") + decimals
        return value * Decimal(10) ** int(exponent), None, significant, percent
    return value, decimals, None, percent


def shown(text: str, value, relation: str = "=") -> str:
    """Assert that ``value`` is the number ``text`` shows, at the precision shown; return ``text``.

    ``relation`` ``"="`` (the default) compares the value printed with the digits of ``text``;
    ``"<"``, ``"<="``, ``">"``, ``">="`` compare the value with the number shown (a bound such as
    "below 10⁻¹⁶").  For ``"51 %"`` pass the percentage (51.3), not the fraction.
    """
    if relation not in _RELATIONS:
        raise ValueError(f"relation must be one of {sorted(_RELATIONS)}, got {relation!r}")
    number, decimals, significant, _ = parse_shown(text)
    value = float(value)
    if not math.isfinite(value):
        raise AssertionError(f"the page shows {text!r} but the value is {value}")
    compare = _RELATIONS[relation]
    if compare is not None:
        assert compare(value, float(number)), f"the page says {relation} {text!r} but the value is {value!r}"
        return text
    if significant is not None:
        printed = f"{value:.{significant - 1}e}"
        expected = f"{float(number):.{significant - 1}e}"
    else:
        printed = f"{value:.{decimals}f}"
        expected = f"{float(number):.{decimals}f}"
    if printed in ("-" + expected.lstrip("-"),) and float(printed) == 0:
        printed = expected  # -0.00 and 0.00 read the same
    assert printed == expected, f"the page shows {text!r} but the value {value!r} prints as {printed!r}"
    return text


def article_copy_path():
    """Where our copy of the source article is, or ``None``: it is not ours to publish, so it is not in the repository.

    Looked for in this order: the file named by the environment variable ``ARTICLE_COPY``; then
    ``shared/source/article-copy.md`` in the folder that holds the repository or in any folder above it (the
    project's working layout puts ``shared/`` beside the repository). The Makefile sets ``ARTICLE_COPY`` where the project
    keeps its copy. Checks of verbatim quotes run wherever it is found (the errata chapter,
    ``tests/test_page_standards.py``) and are skipped, saying so, where it is not.
    """
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    named = os.environ.get("ARTICLE_COPY")
    candidates = [Path(named)] if named else []
    candidates += [folder / "shared" / "source" / "article-copy.md" for folder in root.parents]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None
