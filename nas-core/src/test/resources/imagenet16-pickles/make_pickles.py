"""Writes the tiny ImageNet16-style pickles that ImageNet16ReaderTest reads, with real numpy.

    python3 make_pickles.py numpy1    # with numpy 1.x (numpy.core.* globals)
    python3 make_pickles.py numpy2    # with numpy 2.x (numpy._core.* globals)
    python3 make_pickles.py bad       # single malformed files, any numpy

A good folder is a whole ImageNet16 folder (train_data_batch_1..10, val_data) of 24 images in all,
each file written another way numpy can be pickled: protocols 2 to 5, C and Fortran order, an
empty array, and a float64 'mean' beside the data as in the real training files. Keep PIXEL,
TRAIN_LABELS and VALID_LABELS in step with ImageNet16ReaderTest.
"""
import os
import pickle
import sys

import numpy as np

PIXELS = 3 * 16 * 16

# labels of the training images in file order, then of val_data's; 1..120 are kept
TRAIN_LABELS = [1, 121, 120, 1000, 5, 2, 999, 60, 119, 200, 3, 4, 250, 7, 8, 9, 500, 11, 12, 13]
VALID_LABELS = [120, 300, 1, 64]
# images per training file: batch 9 is empty
TRAIN_ROWS = [2, 2, 2, 2, 2, 2, 2, 2, 0, 4]
# (protocol, Fortran order) per training file
TRAIN_FORMS = [(2, False), (3, False), (4, False), (5, False), (2, True),
               (4, True), (5, True), (2, False), (3, False), (4, False)]


def pixel(image, j):
    """Byte j of image number `image` (counted over all files of the split)."""
    return (image * 31 + j * 7 + (j // 256) * 50) & 0xFF


def rows(first, count, fortran=False):
    data = np.array([[pixel(first + i, j) for j in range(PIXELS)] for i in range(count)],
                    dtype=np.uint8).reshape(count, PIXELS)
    return np.asfortranarray(data) if fortran else np.ascontiguousarray(data)


def dump(path, value, protocol):
    with open(path, 'wb') as f:
        pickle.dump(value, f, protocol=protocol)


def good(folder):
    os.makedirs(folder, exist_ok=True)
    first = 0
    for n, (count, (protocol, fortran)) in enumerate(zip(TRAIN_ROWS, TRAIN_FORMS), start=1):
        batch = {'data': rows(first, count, fortran), 'labels': TRAIN_LABELS[first:first + count]}
        if n == 1:
            batch['mean'] = np.linspace(0.0, 1.0, PIXELS)
        dump(os.path.join(folder, 'train_data_batch_%d' % n), batch, protocol)
        first += count
    assert first == len(TRAIN_LABELS)
    dump(os.path.join(folder, 'val_data'),
         {'data': rows(0, len(VALID_LABELS)), 'labels': list(VALID_LABELS)}, 2)


def bad(folder):
    os.makedirs(folder, exist_ok=True)
    two = rows(0, 2)
    files = {
        'wrong_width': {'data': np.zeros((2, 700), dtype=np.uint8), 'labels': [1, 2]},
        'three_dims': {'data': two.reshape(2, 3, 256), 'labels': [1, 2]},
        'wrong_dtype': {'data': two.astype(np.int16), 'labels': [1, 2]},
        'label_count': {'data': two, 'labels': [1, 2, 3]},
        'label_zero': {'data': two, 'labels': [1, 0]},
        'label_1001': {'data': two, 'labels': [1001, 2]},
        'labels_array': {'data': two, 'labels': np.array([1, 2])},
        'no_labels': {'data': two},
        'not_a_dict': [two, [1, 2]],
    }
    for name, value in files.items():
        dump(os.path.join(folder, name), value, 4)
    from collections import OrderedDict
    dump(os.path.join(folder, 'other_object'), OrderedDict(data=two, labels=[1, 2]), 4)


if __name__ == '__main__':
    out = sys.argv[1]
    bad(out) if out == 'bad' else good(out)
