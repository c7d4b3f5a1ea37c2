"""Zone enter/leave events from a gateway's BLE advert log.

Per second, the RSSI level is the median of the adverts heard within +-3 s (fading and the odd
reflection do not move a median much; the advert rate varies, so windows are in time, not in
adverts). The level is compared with a decision level 10 dB below the calibrated 1 m RSSI. A
silence longer than a scanner hiccup (20 s) means the badge is out of range: outside. Then the
time scales of the setting clean the state: "inside" spells of a few seconds are reflections,
"outside" spells shorter than 30 s inside a visit are the wearer's body between badge and
gateway, and "inside" spells shorter than 30 s are not visits. Events are the state boundaries,
back-dated to where the change began.
"""
import numpy as np

MIN_STATE_S = 30.0
SILENCE_S = 20.0
HALF_WIN = 3.0


def _drop_short(state, value, min_len):
    """Flip runs of `value` shorter than min_len samples that lie between other runs (runs of
    0 at the start and the end of the record stay)."""
    state = state.copy()
    edges = np.flatnonzero(np.diff(state)) + 1
    starts = np.concatenate([[0], edges])
    ends = np.concatenate([edges, [state.size]])
    for a, b in zip(starts, ends):
        if state[a] == value and b - a < min_len and (value == 1 or (a > 0 and b < state.size)):
            state[a:b] = 1 - value
    return state


def proximity_events(times_s, rssi_dbm, rssi_1m_dbm):
    t = np.asarray(times_s, dtype=float)
    x = np.asarray(rssi_dbm, dtype=float)
    if t.ndim != 1 or x.ndim != 1 or t.size != x.size:
        raise ValueError("times_s and rssi_dbm must be 1-D arrays of the same length")
    if t.size and np.any(np.diff(t) < 0):
        raise ValueError("times_s must be non-decreasing")
    if t.size < 2:
        return []
    # decision level midway (in dB) between a badge at the cabinet and one at the nearest
    # workplace, leaving room for the body's loss and fading
    threshold = rssi_1m_dbm - 10.0
    grid = np.arange(np.floor(t[0]), t[-1] + 1.0, 1.0)
    lo = np.searchsorted(t, grid - HALF_WIN)
    hi = np.searchsorted(t, grid + HALF_WIN)
    near = np.zeros(grid.size, dtype=int)  # 1 inside, 0 outside, -1 unknown
    near[:] = -1
    for i, (a, b) in enumerate(zip(lo, hi)):
        if b - a >= 1:
            level = np.median(x[a:b])
            near[i] = int(level > threshold)
    # silence: how long since the last advert, and until the next
    prev = np.searchsorted(t, grid, side="right") - 1
    nxt = np.minimum(prev + 1, t.size - 1)
    gap = t[nxt] - t[np.maximum(prev, 0)]
    near[(near < 0) & (gap > SILENCE_S)] = 0  # out of range
    for i in range(grid.size):  # short gaps: keep the state
        if near[i] < 0:
            near[i] = near[i - 1] if i else 0
    # close gaps shorter than an absence can be (body shadowing, fades), then drop "inside"
    # spells shorter than a visit can be (reflections, passers-by)
    near = _drop_short(near, 1, 6)  # a reflection: a few seconds
    near = _drop_short(near, 0, 30)  # the body turned between badge and gateway
    near = _drop_short(near, 1, MIN_STATE_S)
    events = []
    for e in np.flatnonzero(np.diff(near)) + 1:
        events.append((float(grid[e] - 0.5), "enter" if near[e] == 1 else "leave"))
    return events
