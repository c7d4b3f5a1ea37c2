import struct

from candidate import rtp_receiver_stats


def test_steady_stream_with_one_loss():
    packets = []
    for k in range(50):
        if k == 20:
            continue  # lost
        header = struct.pack("!BBHII", 0x80, 0, 1000 + k, 160 * k, 0xCAFE)
        packets.append((1.0 + 0.02 * k, header + bytes(160)))
    stats = rtp_receiver_stats(packets, 8000)
    assert set(stats) == {0xCAFE}
    s = stats[0xCAFE]
    assert s["lost"] == 1 and s["highest_seq"] == 1049
    assert abs(s["jitter_ms"]) < 1e-6
