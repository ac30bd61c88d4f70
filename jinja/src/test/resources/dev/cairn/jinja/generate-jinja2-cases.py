#!/usr/bin/env python3
"""Renders jinja2-snippets.txt and jinja2-whitespace.txt (templates separated by a line "====") with Python's
Jinja2 configured as Hugging Face's apply_chat_template does, into jinja2-cases.json for Jinja2DifferentialTest.

Run from this directory: python3 generate-jinja2-cases.py  (needs jinja2 3.1)
"""
import json
from datetime import datetime

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

CONTEXT = {
    "l": [1, 2, 3], "d": {"a": 1, "items": 5, "b": [1, {"c": None}]}, "s": "abc", "n": None, "t": True, "f": 1.5,
    "u": "Übersetze «Привет» 🦙",
    "msgs": [{"role": "system", "content": "sys"}, {"role": "user", "content": "hi"},
             {"role": "assistant", "content": "", "tool_calls": [
                 {"id": "1", "function": {"name": "f", "arguments": {"x": 1.0, "y": [True, None]}}}]}],
    "big": 12345678901234, "e": [], "ed": {}, "fl": [0.1, 1e-7, 1e16, 123456789.123, -0.0, 2.5, 1e300],
}


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
env.globals["strftime_now"] = lambda fmt: datetime(2026, 11, 23, 12, 0).strftime(fmt)

cases = []
for source in ["jinja2-snippets.txt", "jinja2-whitespace.txt"]:
    for template in open(source, encoding="utf-8").read().split("\n====\n"):
        case = {"template": template}
        try:
            case["expected"] = env.from_string(template).render(**json.loads(json.dumps(CONTEXT)))
        except jinja2.exceptions.TemplateSyntaxError as e:
            case["error"] = "TemplateSyntaxError: " + str(e.message)
        except Exception as e:
            case["error"] = type(e).__name__ + ": " + str(e)
        cases.append(case)
with open("jinja2-cases.json", "w", encoding="utf-8") as out:
    json.dump({"renderer": "Jinja2 " + jinja2.__version__, "context": CONTEXT, "cases": cases}, out,
              ensure_ascii=False, indent=1)
print(len(cases), "cases")
