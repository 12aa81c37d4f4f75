"""Hand-written Python equivalent of examples_spl/tour/07_text.spl."""


def b(v):
    return "true" if v else "false"


s = "Hello, World"
print(f"s = {s}, len {len(s)}")
print(f"s[0] = {s[0]}, s[7] = {s[7]}, char_at(1) = {s[1]}")
print(f"s[0:5] = {s[0:5]}, s[7:] = {s[7:]}, s[:5] = {s[:5]}")
print(f"substring(0, 5) = {s[0:5]}, slice(7, 12) = {s[7:12]}")
print(f"contains('World') = {b('World' in s)}, contains('world') = {b('world' in s)}")
print(f"starts_with('Hell') = {b(s.startswith('Hell'))}, ends_with('!') = {b(s.endswith('!'))}")
print(f"index_of('o') = {s.index('o')}, last_index_of('o') = {s.rindex('o')}")
print(f"to_upper = {s.upper()}, to_lower = {s.lower()}")
print(f"replace: {s.replace('World', 'Simple')}")
print(f"char_code_at(0) = {ord(s[0])}")

n = 42
x = 2.5
print("answer: " + str(n) + ", x: " + str(x))
print("to_text(7) = " + str(7) + ", to_text(0.5) = " + str(0.5))
print(f"interpolated {n} and {x}")
print("ab" * 3)
print("-" * 20)

csv = "alpha,beta,gamma"
parts = csv.split(",")
print(f"split: [{', '.join(parts)}] ({len(parts)} parts)")
print(f"join: {' | '.join(parts)}")
print(f"trim: [{'   padded   '.strip()}]")
total = int("40") + int("2")
print(f"parse_int: 40 + 2 = {total}")

print(f"'abc' == 'abc': {b('abc' == 'abc')}, 'abc' < 'abd': {b('abc' < 'abd')}, 'b' > 'a': {b('b' > 'a')}")

greeting = "héllo 世界"
print(f"{greeting} has {len(greeting)} code points; [1] = {greeting[1]}, [6] = {greeting[6]}")

acc = ""
for i in range(5):
    acc = acc + s[i].upper()
print(f"acc = {acc}")
reversed_ = ""
k = len(s) - 1
while k >= 0:
    reversed_ = reversed_ + s[k]
    k = k - 1
print(f"reversed = {reversed_}")

print("tab:[\t] newline escape next\nsecond line")
print("single-quoted: {not interpolated}, escapes still work:\tafter tab")
print(r"raw: C:\new\table {n} \t stays")
doc = """triple-quoted text keeps {braces} and \\t verbatim"""
print(doc)
