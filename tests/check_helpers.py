"""Shared by the self-check tests: run a check, capture its one line of output."""


def run_check(checker, fn, capsys):
    """(passed, printed line) of checker(fn); a check always prints exactly one line."""
    verdict = checker(fn)
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out
    return bool(verdict), out
