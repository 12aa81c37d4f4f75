"""Hand-written Python equivalent of benchmarks/programs/scalar_loop.spl."""


def main():
    acc = 0.0
    count = 0
    for i in range(1000000):
        acc = acc + (i % 7) * 0.5 - (i % 3) * 0.25
        if i % 5 == 0:
            count = count + 1
    print(f"acc = {acc}")
    print(f"count = {count}")


if __name__ == "__main__":
    main()
