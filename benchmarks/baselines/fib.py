"""Hand-written Python equivalent of benchmarks/programs/fib.spl."""


def fib(n):
    if n < 2:
        return n
    else:
        return fib(n - 1) + fib(n - 2)


print(f"fib(25) = {fib(25)}")
