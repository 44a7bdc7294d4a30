"""Public check 1: the model builds, loads weights.pt and fits the size budget."""

from otter.test_files import test_case

OK_FORMAT = False
name = "q1"

WEIGHTS_BUDGET_BYTES = 1 * 2**20  # project.yml: budgets.weights_mb


@test_case(points=2, hidden=False)
def test_model_loads_its_weights(model):
    net = model.load("weights.pt", "cpu")
    parameters = list(net.parameters())
    assert parameters, "the model has no parameters: build_model() must build a network"
    size = sum(int(p.numel()) * int(p.element_size()) for p in parameters)
    assert size <= WEIGHTS_BUDGET_BYTES, (
        f"the parameters take {size / 2**20:.2f} MB, over the budget of "
        f"{WEIGHTS_BUDGET_BYTES / 2**20:g} MB: make the model smaller"
    )
