"""A port of the RFC 3550 sample code itself: the per-source state machine of appendix A.1
(probation until two packets arrive in sequence, MAX_DROPOUT/MAX_MISORDER, cycle counting,
re-sync after a confirmed large jump), the expected/lost arithmetic of A.3 and the transit/jitter
update of A.8. RTP is told from multiplexed RTCP by the packet-type range RFC 5761 reserves."""
import struct

SEQ_MOD = 1 << 16
MAX_DROPOUT, MAX_MISORDER, MIN_SEQUENTIAL = 3000, 100, 2


class _Source:
    def __init__(self, seq):
        self.init_seq(seq)
        self.max_seq = (seq - 1) % SEQ_MOD
        self.probation = MIN_SEQUENTIAL
        self.transit = None
        self.jitter = 0.0

    def init_seq(self, seq):
        self.base_seq = seq
        self.max_seq = seq
        self.bad_seq = SEQ_MOD + 1
        self.cycles = 0
        self.received = 0

    def update_seq(self, seq):
        udelta = (seq - self.max_seq) % SEQ_MOD
        if self.probation:
            if seq == (self.max_seq + 1) % SEQ_MOD:
                self.probation -= 1
                self.max_seq = seq
                if self.probation == 0:
                    self.init_seq(seq)
                    self.received += 1
                    return True
            else:
                self.probation = MIN_SEQUENTIAL - 1
                self.max_seq = seq
            return False
        if udelta < MAX_DROPOUT:
            if seq < self.max_seq:
                self.cycles += SEQ_MOD
            self.max_seq = seq
        elif udelta <= SEQ_MOD - MAX_MISORDER:
            if seq == self.bad_seq:
                self.init_seq(seq)
            else:
                self.bad_seq = (seq + 1) % SEQ_MOD
                return False
        self.received += 1
        return True

    def update_jitter(self, arrival_units, ts):
        if self.transit is None:
            self.transit = arrival_units - ts
            return
        # the timestamp is a 32-bit counter: keep the transit continuous across its wrap
        ts_step = (ts - self.last_ts + 2 ** 31) % 2 ** 32 - 2 ** 31
        transit = self.transit_base + (arrival_units - self.last_arrival) - ts_step
        d = abs(transit - self.transit)
        self.transit = transit
        self.jitter += (d - self.jitter) / 16.0

    def remember(self, arrival_units, ts):
        self.transit_base = self.transit
        self.last_arrival, self.last_ts = arrival_units, ts


def rtp_receiver_stats(packets, clock_rate):
    if clock_rate <= 0:
        raise ValueError("clock_rate must be positive")
    sources = {}
    for arrival, data in packets:
        data = bytes(data)
        if len(data) < 12:
            continue
        b0, b1, seq, ts, ssrc = struct.unpack("!BBHII", data[:12])
        if b0 >> 6 != 2 or 192 <= b1 <= 223:
            continue
        src = sources.get(ssrc)
        if src is None:
            src = sources[ssrc] = _Source(seq)
        src.update_seq(seq)
        units = arrival * clock_rate
        src.update_jitter(units, ts)
        src.remember(units, ts)
    out = {}
    for ssrc, s in sources.items():
        extended_max = s.cycles + s.max_seq
        expected = extended_max - s.base_seq + 1
        out[ssrc] = {"lost": expected - s.received, "highest_seq": extended_max,
                     "jitter_ms": 1000.0 * s.jitter / clock_rate}
    return out
