"""The gradient is written into the point it is given (p[:] = ...) and p returned: the
values are right, but the caller's point is overwritten, so a loop such as minimize then
steps from the gradient instead of from the point."""

LOSES = ["q5"]


def rosenbrock_grad(p):
    x, y = p
    inner = y - x * x
    p[0] = -2 * (1 - x) - 400 * x * inner
    p[1] = 200 * inner
    return p
