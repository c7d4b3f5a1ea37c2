from candidate import parse_tlv


def test_two_records():
    recs = parse_tlv(b"\x01\x01\x19\x02\x02\x01\xf4")
    assert [(t, bytes(v)) for t, v in recs] == [(1, b"\x19"), (2, b"\x01\xf4")]
