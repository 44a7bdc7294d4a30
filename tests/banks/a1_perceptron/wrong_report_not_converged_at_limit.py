"""convergence_report calls a run converged only when it stopped before max_epochs: a
run whose clean epoch is the last one allowed is reported as not converged."""

LOSES = ["q3"]


def convergence_report(X, y, eta=1.0, max_epochs=100):
    _, _, mistakes = train(X, y, eta=eta, max_epochs=max_epochs)  # noqa: F821
    return {
        "converged": len(mistakes) < max_epochs,
        "epochs": len(mistakes),
        "total_mistakes": int(sum(mistakes)),
    }
