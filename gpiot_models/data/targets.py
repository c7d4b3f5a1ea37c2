"""What the CGD builder reads: the default targets, the parts of general libraries it keeps, names.

A *target* is a module (``scipy.signal``: its public functions and classes) or a class
(``pandas.Series``: its public methods). The default list starts with the packages made for
sensor, signal and device work, read whole, and ends with the general-purpose libraries an IoT
program leans on (NumPy, pandas, PyTorch), read in part: only the members a sensor pipeline calls
(windowing, filtering by convolution, differencing and integration, statistics and histograms,
interpolation, reading and writing logs; time-indexed resampling, rolling windows and gap filling
for pandas; the 1-D convolution, recurrent and pooling layers and the usual losses for PyTorch).
The lists were written by hand from that purpose, not from the relevance measure
(``relevance.py``), which is the same for every record.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """A module or class to walk; `members` limits it to those public names (None: all)."""

    name: str
    members: frozenset[str] | None = None

    @property
    def label(self) -> str:
        if self.members is None:
            return self.name
        return f"{self.name} ({len(self.members)} selected members)"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


NUMPY_MEMBERS = _names(
    """abs absolute angle arange argmax argmin argsort around array_split arctan2 bartlett
    bincount blackman ceil clip concatenate convolve corrcoef correlate count_nonzero cov cross
    cumsum deg2rad degrees diff digitize dot ediff1d exp floor frombuffer genfromtxt gradient
    hamming hanning histogram hstack hypot interp isclose isfinite isnan kaiser linspace loadtxt
    log10 matmul max mean median mod nan_to_num nanmax nanmean nanmedian nanmin nanstd nonzero
    outer percentile polyfit polyval ptp quantile rad2deg radians reshape roll round savetxt
    searchsorted sign sin sinc sort split sqrt stack std sum trapezoid unwrap var vstack where
    zeros"""
)
PANDAS_MEMBERS = _names(
    """read_csv read_json json_normalize to_datetime to_timedelta to_numeric date_range
    timedelta_range period_range infer_freq Timestamp Timedelta DatetimeIndex Grouper merge_asof
    concat cut qcut pivot_table melt"""
)
_PANDAS_TABLE = _names(
    """rolling ewm expanding resample asfreq interpolate diff pct_change shift ffill bfill fillna
    dropna isna tz_localize tz_convert between_time at_time first_valid_index last_valid_index
    clip describe groupby agg aggregate apply sort_index reindex to_csv to_numpy to_json mean
    median std min max quantile cumsum cummax cummin corr idxmax idxmin mask where
    drop_duplicates duplicated value_counts round abs astype truncate combine_first"""
)
PANDAS_FRAME_MEMBERS = _PANDAS_TABLE | _names("set_index merge join query")
PANDAS_SERIES_MEMBERS = _PANDAS_TABLE | _names("autocorr between")
TORCH_NN_MEMBERS = _names(
    """Conv1d Conv2d ConvTranspose1d LSTM GRU RNN LSTMCell GRUCell Linear BatchNorm1d LayerNorm
    Dropout ReLU GELU Sigmoid Tanh Softmax Sequential ModuleList MaxPool1d AvgPool1d
    AdaptiveAvgPool1d AdaptiveMaxPool1d Flatten CrossEntropyLoss MSELoss L1Loss
    BCEWithLogitsLoss HuberLoss SmoothL1Loss TransformerEncoder TransformerEncoderLayer
    MultiheadAttention Embedding Module Identity Upsample ConstantPad1d ReflectionPad1d"""
)
TORCH_F_MEMBERS = _names(
    """conv1d max_pool1d avg_pool1d adaptive_avg_pool1d relu softmax log_softmax cross_entropy
    mse_loss l1_loss dropout interpolate pad normalize one_hot sigmoid gelu layer_norm
    batch_norm linear unfold cosine_similarity binary_cross_entropy_with_logits smooth_l1_loss
    huber_loss"""
)
INTERPOLATE_MEMBERS = _names(
    """interp1d CubicSpline PchipInterpolator Akima1DInterpolator UnivariateSpline
    make_interp_spline splrep splev BSpline griddata RBFInterpolator"""
)

_WHOLE = (
    # signal processing and physiological signals
    "scipy.signal",
    "scipy.signal.windows",
    "scipy.signal.ShortTimeFFT",
    "scipy.signal.lti",
    "scipy.signal.dlti",
    "scipy.signal.StateSpace",
    "scipy.signal.TransferFunction",
    "scipy.signal.ZerosPolesGain",
    "scipy.fft",
    "numpy.fft",
    "pywt",
    "neurokit2",
    "wfdb",
    "wfdb.processing",
    "wfdb.Record",
    "wfdb.Annotation",
    # inertial sensing: attitude estimation from accelerometers, gyroscopes and magnetometers
    "ahrs.filters",
    "ahrs.common.orientation",
    "ahrs.common.quaternion",
    "ahrs.common.quaternion.Quaternion",
    "ahrs.common.quaternion.QuaternionArray",
    "ahrs.common.dcm.DCM",
    "ahrs.common.mathfuncs",
    "ahrs.common.frames",
    "ahrs.common.geometry",
    "ahrs.utils",
    "ahrs.utils.wmm.WMM",
    "ahrs.utils.wgs84.WGS",
    "ahrs.utils.sensors",
    # devices and protocols: MQTT, serial ports, Bluetooth LE, Modbus, CAN, NMEA (GPS)
    "paho.mqtt.client",
    "paho.mqtt.client.Client",
    "paho.mqtt.publish",
    "paho.mqtt.subscribe",
    "serial",
    "serial.Serial",
    "serial.threaded",
    "serial.rs485",
    "serial.tools.list_ports",
    "serial.tools.list_ports_common.ListPortInfo",
    "bleak",
    "bleak.BleakClient",
    "bleak.BleakScanner",
    "bleak.backends.scanner",
    "bleak.backends.service.BleakGATTServiceCollection",
    "pymodbus.client",
    "pymodbus.client.ModbusTcpClient",
    "pymodbus.client.AsyncModbusTcpClient",
    "pymodbus.datastore",
    "pymodbus.server",
    "pymodbus.pdu",
    "pymodbus.framer",
    "can",
    "can.Message",
    "can.BusABC",
    "can.Notifier",
    "can.BufferedReader",
    "can.util",
    "can.interfaces.virtual",
    "pynmea2",
    # machine learning on sensor features
    "sklearn.preprocessing",
    "sklearn.decomposition",
    "sklearn.cluster",
    "sklearn.ensemble",
    "sklearn.linear_model",
    "sklearn.metrics",
    "sklearn.model_selection",
    "sklearn.neighbors",
    "sklearn.svm",
    "sklearn.tree",
    "sklearn.pipeline",
    "sklearn.feature_selection",
    "sklearn.neural_network",
    "sklearn.naive_bayes",
    "sklearn.impute",
    "sklearn.covariance",
    "sklearn.mixture",
    "sklearn.manifold",
    "numpy.linalg",
)
_PARTIAL = (
    ("scipy.interpolate", INTERPOLATE_MEMBERS),
    ("torch.nn", TORCH_NN_MEMBERS),
    ("torch.nn.functional", TORCH_F_MEMBERS),
    ("pandas", PANDAS_MEMBERS),
    ("pandas.DataFrame", PANDAS_FRAME_MEMBERS),
    ("pandas.Series", PANDAS_SERIES_MEMBERS),
    ("numpy", NUMPY_MEMBERS),
)
DEFAULT_TARGETS: tuple[Target, ...] = (
    *(Target(name) for name in _WHOLE),
    *(Target(name, members) for name, members in _PARTIAL),
)

# application area of a target, by longest module prefix
DOMAINS: dict[str, str] = {
    "numpy": "numerical_computing",
    "numpy.fft": "signal_processing",
    "scipy": "scientific_computing",
    "scipy.signal": "signal_processing",
    "scipy.fft": "signal_processing",
    "scipy.interpolate": "signal_processing",
    "pywt": "signal_processing",
    "sklearn": "machine_learning",
    "pandas": "data_processing",
    "wfdb": "physiological_signals",
    "neurokit2": "physiological_signals",
    "ahrs": "inertial_sensing",
    "torch": "deep_learning",
    "paho": "device_io",
    "serial": "device_io",
    "bleak": "device_io",
    "pymodbus": "device_io",
    "can": "device_io",
    "pynmea2": "device_io",
}

# how a package is named in prose
DISPLAY_NAMES: dict[str, str] = {
    "numpy": "NumPy",
    "scipy": "SciPy",
    "sklearn": "scikit-learn",
    "pandas": "pandas",
    "wfdb": "WFDB",
    "torch": "PyTorch",
    "neurokit2": "NeuroKit2",
    "pywt": "PyWavelets",
    "ahrs": "AHRS",
    "paho": "paho-mqtt",
    "serial": "pySerial",
    "bleak": "Bleak",
    "pymodbus": "PyModbus",
    "can": "python-can",
    "pynmea2": "pynmea2",
}
