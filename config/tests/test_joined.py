from hypothesis import given
from hypothesis import strategies as st

from config.batching import joined


@given(st.lists(st.text(max_size=40), max_size=200), st.integers(min_value=1, max_value=300))
def test_joined_keeps_the_text_and_makes_pieces_of_about_the_size(pieces, size):
    out = list(joined(pieces, size))
    assert "".join(out) == "".join(pieces)
    # Every piece but the last reached the size; none is longer than size plus one input.
    assert all(len(piece) >= size for piece in out[:-1])
    assert all(len(piece) < size + 40 for piece in out)
