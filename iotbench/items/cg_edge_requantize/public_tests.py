from candidate import requantize


def test_half_multiplier():
    # M = 0.5: qm = 2**30, shift = 0; 3 * 0.5 = 1.5 rounds away from zero to 2
    out, qm, shift = requantize([3, -3, 8], 0.5, 0)
    assert (qm, shift) == (2 ** 30, 0)
    assert out.tolist() == [2, -2, 4]
