import pytest

from candidate import rtp_stream_stats


def test_one_lost_packet():
    out = rtp_stream_stats([1, 2, 4], [0, 160, 480], [0.0, 0.02, 0.06], 8000)
    assert out["expected"] == 4 and out["lost"] == 1
    assert out["loss_fraction"] == pytest.approx(0.25)
    assert out["jitter_ts"] == pytest.approx(0.0, abs=1e-6)
