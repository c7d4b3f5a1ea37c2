"""Fingerprinting that does not depend on the tag's absolute signal level: a tag of another
model (transmit power, antenna, mounting) is seen by every anchor a roughly constant number of
dB stronger or weaker than the survey tag. Average each anchor's readings in dB, then compare
the *shape* of the RSSI vector with each fingerprint after removing the best common offset
(centering over the anchors that heard the tag), and average the nearest survey points."""
import numpy as np


def _check(anchors, survey_points, survey_rssi, scans):
    anchors = np.asarray(anchors, dtype=float)
    points = np.asarray(survey_points, dtype=float)
    survey = np.asarray(survey_rssi, dtype=float)
    scans = np.asarray(scans, dtype=float)
    if anchors.ndim != 2 or anchors.shape[1] != 2:
        raise ValueError("anchors must have shape (a, 2)")
    a = anchors.shape[0]
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError("survey_points must have shape (m, 2)")
    if survey.shape != (points.shape[0], a):
        raise ValueError("survey_rssi must have shape (m, a)")
    if scans.ndim != 2 or scans.shape[1] != a:
        raise ValueError("scans must be 2-D with one column per anchor")
    if not np.isfinite(scans).any():
        raise ValueError("no anchor received the tag")
    return anchors, points, survey, scans

K = 4


def locate_tag(anchors, survey_points, survey_rssi, scans):
    _anchors, points, survey, scans = _check(anchors, survey_points, survey_rssi, scans)
    heard = np.isfinite(scans).any(axis=0)
    level = np.nanmean(np.where(np.isfinite(scans), scans, np.nan)[:, heard], axis=0)
    fp = survey[:, heard]
    # best common offset per survey point, then residual distance
    diff = fp - level[None]
    resid = diff - diff.mean(axis=1, keepdims=True)
    dist = np.sqrt((resid ** 2).mean(axis=1))
    nearest = np.argsort(dist)[:min(K, len(dist))]
    w = 1.0 / (dist[nearest] + 0.5)
    x, y = (points[nearest] * w[:, None]).sum(axis=0) / w.sum()
    return float(x), float(y)
