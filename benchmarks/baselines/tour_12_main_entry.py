"""Hand-written Python equivalent of examples_spl/tour/12_main_entry.spl."""

greeting = "top-level statements run first"
print(greeting)


def helper(n):
    return n * n


def main():
    print("main() runs after the top-level statements")
    print(f"helper(7) = {helper(7)}")
    total = sum(helper(i) for i in range(1, 5))
    print(f"sum of squares 1..=4 = {total}")


print("still at top level: main has not run yet")

if __name__ == "__main__":
    main()
