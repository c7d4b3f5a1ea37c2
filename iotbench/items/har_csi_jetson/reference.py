"""Reference for the Jetson Nano CSI item: a small CNN on Doppler-time maps (PyTorch).

Signal processing turns each recording into a compact Doppler-time map; the network only has to
learn the shapes of those maps, so it stays small (about 25 k parameters) and cheap to run on an
embedded GPU or CPU.

1. spikes are replaced by the local 3-point median; a 0.3 s moving average is subtracted from
   each channel (static multipath and AGC steps go), channels are scaled to unit variance;
2. the 3 strongest principal components across the 90 channels are cut into 0.32 s Hann
   windows (80 ms hop); their summed power spectra give a 17 x 28 Doppler-time map, which is
   normalised per recording and log-compressed;
3. a 3-block CNN (conv 3x3, batch norm, ReLU, pooling; 16-32-64 channels; max-pooling over time
   so the onset of the activity does not matter) with a linear head;
4. training as fixed for the benchmark: 10 epochs, batch size 32, Adam, with random time shifts
   as augmentation; seeded, single-threaded.
"""

import numpy as np
import torch
from torch import nn

NPERSEG, HOP, COMPONENTS, CHUNK = 32, 8, 3, 32
EPOCHS, BATCH = 10, 32


def _doppler_maps(x: np.ndarray) -> np.ndarray:
    """(n, freq, frames) log Doppler power, computed chunk by chunk to bound memory."""
    maps = []
    for start in range(0, len(x), CHUNK):
        h = np.array(x[start:start + CHUNK], dtype=np.float32)
        a, b, c = h[:, :, :-2], h[:, :, 1:-1], h[:, :, 2:]
        median = np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))
        deviation = np.abs(b - median)
        scale = np.median(deviation, axis=2, keepdims=True) + 1e-6
        h[:, :, 1:-1] = np.where(deviation > 6 * scale, median, b)
        width = 31
        padded = np.pad(h, ((0, 0), (0, 0), (width // 2, width // 2)), mode="edge")
        cum = np.concatenate([np.zeros((*h.shape[:2], 1), h.dtype),
                              np.cumsum(padded, axis=2)], axis=2)
        h = h - (cum[:, :, width:] - cum[:, :, :-width]) / width
        h /= h.std(axis=2, keepdims=True) + 1e-6
        _, vectors = np.linalg.eigh(np.einsum("nct,ndt->ncd", h, h))
        comps = np.einsum("ncm,nct->nmt", vectors[:, :, ::-1][:, :, :COMPONENTS], h)
        frames = np.stack([comps[:, :, s:s + NPERSEG]
                           for s in range(0, h.shape[2] - NPERSEG + 1, HOP)], axis=2)
        power = (np.abs(np.fft.rfft(frames * np.hanning(NPERSEG), axis=-1)) ** 2).sum(axis=1)
        power /= power.sum(axis=(1, 2), keepdims=True) + 1e-12
        maps.append(np.log(power.transpose(0, 2, 1) + 1e-4))
    return np.concatenate(maps).astype(np.float32)


class DopplerNet(nn.Module):
    def __init__(self, classes: int) -> None:
        super().__init__()

        def block(cin: int, cout: int) -> list[nn.Module]:
            return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]

        self.features = nn.Sequential(*block(1, 16), nn.MaxPool2d(2), *block(16, 32),
                                      nn.MaxPool2d(2), *block(32, 64),
                                      nn.AdaptiveMaxPool2d((2, 1)))
        self.head = nn.Linear(128, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x).flatten(1))


def recognize(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    """Train on (X_train, y_train) and return one activity label per test recording."""
    torch.manual_seed(0)
    torch.set_num_threads(1)
    classes, y = np.unique(np.asarray(y_train), return_inverse=True)
    train, test = _doppler_maps(X_train), _doppler_maps(X_test)
    mean, std = train.mean(), train.std() + 1e-6
    xt = torch.from_numpy((train - mean) / std)[:, None]
    xe = torch.from_numpy((test - mean) / std)[:, None]
    yt = torch.from_numpy(y.astype(np.int64))
    net = DopplerNet(len(classes))
    optimiser = torch.optim.Adam(net.parameters(), lr=3e-3, weight_decay=1e-4)
    generator = torch.Generator().manual_seed(0)
    for _ in range(EPOCHS):
        net.train()
        order = torch.randperm(len(xt), generator=generator)
        for i in range(0, len(xt), BATCH):
            batch = order[i:i + BATCH]
            shift = int(torch.randint(-3, 4, (1,), generator=generator))
            loss = nn.functional.cross_entropy(net(torch.roll(xt[batch], shift, dims=3)),
                                               yt[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    net.eval()
    with torch.no_grad():
        predicted = torch.cat([net(xe[i:i + 64]).argmax(1) for i in range(0, len(xe), 64)])
    return classes[predicted.numpy()]
