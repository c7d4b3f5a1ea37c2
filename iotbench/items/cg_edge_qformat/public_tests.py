from candidate import to_q_format


def test_q1_6_byte():
    # w = 8, one LSB = 1/64; 1.5 -> 96, 3.0 saturates at 127
    q, n = to_q_format([1.5, -0.25, 3.0], 1, 6)
    assert q.tolist() == [96, -16, 127]
    assert n == 1
