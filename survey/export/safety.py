"""Keeping exported cells inert when a spreadsheet opens them."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix text a spreadsheet would run as a formula with an apostrophe.

    Numbers such as ``-3`` stay numbers.
    """
    if cell.startswith(FORMULA_PREFIXES):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell
