#!/usr/bin/env python3
"""Regenerates canonical-vectors.json, the aegis-jcs-1 test vectors that
tests/unit/json/CanonicalJsonTest reads: python3 make_canonical_vectors.py.

Every expectation is what the Python reference of RECEIPTS.md makes of the
input, so anyone can check it and add a row here:
    json.dumps(json.loads(input), sort_keys=True, separators=(",", ":"),
               ensure_ascii=False, allow_nan=False)
An input Python refuses (inf, from allow_nan=False) expects "REFUSED".
The file itself is written with ASCII escapes so that every byte of an input
or an expectation is visible in a diff."""
import json
import os

VECTORS = [
    # Keys by code point (= UTF-8 bytes), not by UTF-16 units; structure.
    ('ascii keys', '{"b":1,"a":2,"aa":3,"A":4}'),
    ('U+FFFF before U+1F600', '{"\\uFFFF":1,"\\uD83D\\uDE00":2,"\\u00e9":3}'),
    ('U+E000 before U+1F600 (UTF-16 says after)', '{"\\ud83d\\ude00":1,"\\uE000":2}'),
    ('nested keys sorted at every depth', '{"z":[{"b":null,"a":[1,2.0,{"d":true,"c":false}]}],"y":{}, "x":[]}'),
    ('whitespace dropped', ' { "a" : [ 1 , 2 ] }\n'),
    ('null kept', '{"a":null}'),
    ('literals', '[true,false,null]'),
    ('duplicate key: last value wins', '{"a":1,"b":2,"a":3}'),

    # Strings.
    ('short escapes, solidus unescaped', '"\\"\\\\\\/\\b\\f\\n\\r\\t"'),
    ('other C0 controls as lowercase \\u00xx, DEL raw', '"\\u0000\\u0001\\u001F\\u000b\\u007f"'),
    ('U+2028 and U+2029 raw', '"\\u2028\\u2029"'),
    ('non-ASCII raw UTF-8', '"\\u00fc\\u6771\\ud83d\\ude00"'),
    ('raw UTF-8 stays', '"Restore drill — Zürich"'),

    # Integers: exact at any size.
    ('2^53+1', '9007199254740993'),
    ('30 digits', '123456789012345678901234567890'),
    ('negative 30 digits', '-123456789012345678901234567890'),
    ('-0 is the integer 0', '-0'),
    ('zero', '0'),

    # Floats: Python repr.
    ('1.0', '1.0'),
    ('-0.0', '-0.0'),
    ('100.0', '100.0'),
    ('1E2 has an exponent: a float', '1E2'),
    ('1e+2', '1e+2'),
    ('1e16', '1e16'),
    ('1e15 still positional', '1e15'),
    ('9999999999999998.0', '9999999999999998.0'),
    ('9.999999999999999e15 rounds to 1e16', '9.999999999999999e15'),
    ('1e22', '1e22'),
    ('1e-5', '1e-5'),
    ('0.0001', '0.0001'),
    ('1.0e-4', '1.0e-4'),
    ('0.000123', '0.000123'),
    ('0.00001234', '0.00001234'),
    ('1e-7', '1e-7'),
    ('123456789012345678.0', '123456789012345678.0'),
    ('0.1', '0.1'),
    ('2.5', '2.5'),
    ('123.456e-2', '123.456e-2'),
    ('too many digits: shortest round trip', '1.23456789012345678'),
    ('1.5e300', '1.5e300'),
    ('-1.5e-10', '-1.5e-10'),
    ('5e-324 (smallest subnormal)', '5e-324'),
    ('largest double', '1.7976931348623157e308'),
    ('10.0e0', '10.0e0'),
    ('0.1e1', '0.1e1'),
    ('0E0', '0E0'),
    ('-0e-5', '-0e-5'),
    ('underflow reads as 0.0', '1e-400'),
    ('negative underflow reads as -0.0', '-1e-400'),
    ('float inside an object', '{"cost":1.0,"n":1}'),

    # Refused like allow_nan=False refuses Python's inf.
    ('1e400 refused', '1e400'),
    ('-1e400 refused', '-1e400'),
    ('huge exponent refused', '[1e99999999999999999999]'),
]


def canonical(text):
    try:
        return json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False)
    except ValueError:
        return "REFUSED"


def main():
    rows = [{"name": name, "input": text, "expected": canonical(text)} for name, text in VECTORS]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "canonical-vectors.json")
    with open(path, "w", encoding="ascii") as f:
        json.dump(rows, f, indent=1, ensure_ascii=True)
        f.write("\n")


if __name__ == "__main__":
    main()
