"""Zone events by a two-state hidden Markov model decoded with Viterbi.

Each advert casts a soft vote for "at the cabinet" or "away" by how far its RSSI is above or
below a level 10 dB under the calibrated 1 m RSSI; votes for "away" saturate at 0.4 of the weight
of votes for "at the cabinet", because the wearer's body and fading only take signal away (a
weak advert is weak evidence, a strong one is strong evidence). Adverts within one second
share their shadowing, so a second's evidence is their mean vote; seconds without adverts take
the mean vote of the adverts within 3 s (slow badges). In a silence longer than 25 s, the seconds
after its first 20 count for "away" (the badge is out of range). A switching penalty stands for the long visits and
absences, so short spells (body in the way, reflections) do not flip the decoded state.
"""
import numpy as np

SWITCH_COST = 12.0  # evidence units per change of state
SILENCE_S = 25.0


def proximity_events(times_s, rssi_dbm, rssi_1m_dbm):
    t = np.asarray(times_s, dtype=float)
    x = np.asarray(rssi_dbm, dtype=float)
    if t.ndim != 1 or x.ndim != 1 or t.size != x.size:
        raise ValueError("times_s and rssi_dbm must be 1-D arrays of the same length")
    if t.size and np.any(np.diff(t) < 0):
        raise ValueError("times_s must be non-decreasing")
    if t.size < 2:
        return []
    # soft vote of each advert: how far above or below the decision level (10 dB under the
    # 1 m RSSI) it is, saturating at +2 and -0.8
    vote = np.clip((x - (rssi_1m_dbm - 10.0)) / 3.0, -0.8, 2.0)
    start = np.floor(t[0])
    nbin = int(t[-1] - start) + 1
    b = (t - start).astype(int)
    # adverts within a second share their shadowing and body: one second, one (mean) vote
    count = np.bincount(b, minlength=nbin)
    evidence = np.bincount(b, weights=vote, minlength=nbin) / np.maximum(count, 1)
    # a slow badge is heard every few seconds: empty seconds take the mean vote of the adverts
    # within 3 s
    cs = np.concatenate([[0.0], np.cumsum(np.bincount(b, weights=vote, minlength=nbin))])
    cc = np.concatenate([[0], np.cumsum(count)])
    lo = np.clip(np.arange(nbin) - 3, 0, nbin)
    hi = np.clip(np.arange(nbin) + 4, 0, nbin)
    near_sum, near_cnt = cs[hi] - cs[lo], cc[hi] - cc[lo]
    empty = (count == 0) & (near_cnt > 0)
    evidence[empty] = near_sum[empty] / near_cnt[empty]
    # long silences: out of range
    gaps = np.flatnonzero(np.diff(t) > SILENCE_S)
    for g in gaps:
        # the first 20 s of a silence may still be the scanner: a faint vote that only places
        # the change at the silence's start; beyond that, the badge is out of range
        evidence[b[g] + 1:b[g + 1]] = -0.1
        evidence[b[g] + 21:b[g + 1]] = -1.2
    # Viterbi over two states (0 away, 1 at the cabinet); the log starts away
    score = np.array([0.0, -SWITCH_COST])
    back = np.zeros((nbin, 2), dtype=np.int8)
    for i in range(nbin):
        stay0, move0 = score[0], score[1] - SWITCH_COST
        stay1, move1 = score[1], score[0] - SWITCH_COST
        back[i, 0] = 0 if stay0 >= move0 else 1
        back[i, 1] = 1 if stay1 >= move1 else 0
        score = np.array([max(stay0, move0), max(stay1, move1) + evidence[i]])
    state = np.zeros(nbin, dtype=int)
    state[-1] = int(np.argmax(score))
    for i in range(nbin - 1, 0, -1):
        state[i - 1] = back[i, state[i]]
    events = []
    for e in np.flatnonzero(np.diff(state)) + 1:
        events.append((float(start + e), "enter" if state[e] == 1 else "leave"))
    return events
