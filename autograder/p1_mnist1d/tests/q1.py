"""Public check 1: the model builds, loads weights.pt and fits the size budget."""

from otter.test_files import test_case

from nnkit.projectcheck import WEIGHTS, check_weights_budget

OK_FORMAT = False
name = "q1"


@test_case(points=2, hidden=False)
def test_model_loads_its_weights(model):
    check_weights_budget(model.load(WEIGHTS, "cpu"), budget_mb=1)  # project.yml: budgets.weights_mb
