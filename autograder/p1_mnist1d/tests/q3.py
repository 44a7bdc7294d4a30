"""Public check 3: accuracy on the public validation set beats the linear baseline."""

import numpy as np
from otter.test_files import test_case

from nnkit import mnist1d
from nnkit.feedback import as_array
from nnkit.projectcheck import VALIDATION_SEED, load_submitted

OK_FORMAT = False
name = "q3"

# logistic regression reaches about 32 % on MNIST-1D (README of the mnist1d package);
# a network that does not clearly beat it has not learnt the task yet
BASELINE_TO_BEAT = 0.5


@test_case(points=3, hidden=False)
def test_validation_accuracy(model):
    x, y = mnist1d.make(1000, seed=VALIDATION_SEED)
    net = load_submitted(model)
    labels = as_array("predict(net, x)", model.predict(net, x)).reshape(-1)
    accuracy = float(np.mean(labels == y)) if labels.shape == y.shape else 0.0
    assert accuracy >= BASELINE_TO_BEAT, (
        f"validation accuracy is {accuracy:.1%}, below {BASELINE_TO_BEAT:.0%}: the logistic "
        "regression baseline reaches about 32 %; train a network with a hidden layer or "
        "convolutions (see the notebook) and save its weights"
    )
