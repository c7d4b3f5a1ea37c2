"""Reference solution for cg_energy_sleep_break_even."""


def plan_sleep(gaps_s, p_idle_mw, p_sleep_mw, transition_energy_mj, transition_time_s):
    """Sleep in a gap only when it is long enough and strictly cheaper than idling."""
    if p_sleep_mw < 0 or p_sleep_mw >= p_idle_mw:
        raise ValueError("need 0 <= p_sleep_mw < p_idle_mw")
    if transition_energy_mj < 0 or transition_time_s < 0:
        raise ValueError("transition energy and time must be non-negative")
    decisions, total, idle_total = [], 0.0, 0.0
    for gap in gaps_s:
        if gap < 0:
            raise ValueError("gaps must be non-negative")
        e_idle = p_idle_mw * gap
        idle_total += e_idle
        sleep = False
        if gap >= transition_time_s:
            e_sleep = transition_energy_mj + p_sleep_mw * (gap - transition_time_s)
            sleep = e_sleep < e_idle
        decisions.append(sleep)
        total += e_sleep if sleep else e_idle
    break_even = max(transition_time_s, (transition_energy_mj - p_sleep_mw * transition_time_s)
                     / (p_idle_mw - p_sleep_mw))
    return {"sleep": decisions, "energy_mj": total, "idle_only_mj": idle_total,
            "saved_mj": idle_total - total, "break_even_s": break_even}
