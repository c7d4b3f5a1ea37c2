from candidate import parse_advertisement


def test_flags_and_name():
    out = parse_advertisement(b"\x02\x01\x06\x05\x09Node")
    assert out["flags"] == 6
    assert out["name"] == "Node"
    assert out["ibeacon"] is None
