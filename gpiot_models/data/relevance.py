"""How much of CGD is about IoT work: the measure the dataset card and `gpiot data build` report.

A record counts as IoT-relevant when either

- its API object comes from a package or module made for sensor, signal or device work
  (`IOT_MODULES`: signal processing and spectra, physiological signals, wavelets, attitude
  estimation from inertial sensors (AHRS), and the device and protocol clients: MQTT, serial
  ports, Bluetooth LE, Modbus, CAN, NMEA), or
- its text (instruction and answer) names sensor, signal or device matters (`IOT_TERMS`:
  sensors and their modalities, sampling rates and Hz, cut-off frequencies, spectra, filtering of
  signals, time series and their resampling, vibration, telemetry, the protocols above, edge
  devices and microcontrollers).

General-purpose objects (numpy, pandas, scikit-learn, torch) count only through their text, so
``numpy.char.upper`` does not count while ``pandas.Series.resample`` on a sensor's readings does.
The rule is a keyword test, so it is an approximation; it is fixed here so that builds compare.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

IOT_MODULES = (
    "scipy.signal",
    "scipy.fft",
    "numpy.fft",
    "wfdb",
    "neurokit2",
    "pywt",
    "ahrs",
    "paho",
    "serial",
    "bleak",
    "pymodbus",
    "can",
    "pynmea2",
)
IOT_TERMS = re.compile(
    r"\b(?:sensors?|signals?|sampl(?:e|ing) (?:rate|frequency)|hz|khz|mhz|"
    r"(?:sampling|cut-?off|nyquist) frequenc(?:y|ies)|nyquist|spectr(?:um|al|ogram)|"
    r"periodogram|fft|fourier|wavelets?|"
    r"band-?pass|low-?pass|high-?pass|butterworth|filter(?:ed|ing)? (?:the )?(?:signal|data)|"
    r"time[- ]series|vibrations?|accelerometers?|gyroscopes?|imu|ecg|eeg|emg|ppg|"
    r"eda|heart ?(?:rate|beats?)|r-?peaks?|respirat\w*|audio|acoustic|radar|gps|gnss|nmea|"
    r"mqtt|serial port|uart|bluetooth|ble|modbus|can bus|telemetry|iot|edge device|"
    r"microcontroller|resampl\w*|detrend\w*)\b",
    re.IGNORECASE,
)


def _module_is_iot(source: str) -> bool:
    return any(source == m or source.startswith(m + ".") for m in IOT_MODULES)


def is_iot(record: Mapping[str, Any]) -> bool:
    """Whether one CGD record counts as IoT-relevant (see the module docstring)."""
    if _module_is_iot(str(record.get("source", ""))):
        return True
    text = " ".join(str(m.get("content", "")) for m in record.get("messages", [])[1:])
    return IOT_TERMS.search(text) is not None


def package_of(record: Mapping[str, Any]) -> str:
    return str(record.get("source", "")).split(".")[0] or "?"


def shares(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The IoT-relevant share overall and per package: {"share", "records", "by_package"}."""
    total: Counter[str] = Counter()
    relevant: Counter[str] = Counter()
    for record in records:
        package = package_of(record)
        total[package] += 1
        relevant[package] += is_iot(record)
    count = sum(total.values())
    return {
        "share": sum(relevant.values()) / count if count else 0.0,
        "records": count,
        "by_package": {
            package: {"records": n, "iot": relevant[package], "share": relevant[package] / n}
            for package, n in total.most_common()
        },
    }
