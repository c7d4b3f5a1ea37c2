from candidate import find_stays


def test_one_clean_stay_between_walks():
    # walk north for 5 min, stay 20 min at one spot, walk on
    t, lat, lon = [], [], []
    for k in range(10):                 # walking: 1.4 m/s, a fix every 30 s
        t.append(30.0 * k)
        lat.append(48.0 + 42.0 * k / 111195.0)
        lon.append(11.0)
    for k in range(21):                 # at the place: a fix every minute
        t.append(300.0 + 60.0 * k)
        lat.append(48.0 + 420.0 / 111195.0)
        lon.append(11.0)
    for k in range(1, 10):
        t.append(1500.0 + 30.0 * k)
        lat.append(48.0 + (420.0 + 42.0 * k) / 111195.0)
        lon.append(11.0)
    stays = find_stays(t, lat, lon)
    assert len(stays) == 1
    start, end, la, lo = stays[0]
    assert abs(start - 300) <= 300 and abs(end - 1500) <= 300
    assert abs(la - (48.0 + 420.0 / 111195.0)) * 111195.0 < 50 and abs(lo - 11.0) < 1e-3


def test_no_fixes_no_stays():
    assert find_stays([], [], []) == []
