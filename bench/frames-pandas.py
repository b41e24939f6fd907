"""The PyCap user's path on the frames benchmark bytes, one run per process.

    python3 bench/frames-pandas.py untyped|typed <dir>

untyped: pandas.read_csv on the bytes as they are.
typed:   read_csv with the dtypes, dates, booleans and categoricals set by hand
         from the data dictionary (record id as text, missing-data codes as NA).
Prints one JSON line: {name, ms, maxRssMiB, rows, columns}.
"""
import io
import json
import resource
import sys
import time

import pandas as pd

mode, folder = sys.argv[1], sys.argv[2]
with open(f"{folder}/schema.json", encoding="utf-8") as f:
    project = json.load(f)
with open(f"{folder}/records.csv", "rb") as f:
    data = f.read()


def choices(spec):
    out = []
    for entry in spec.split("|"):
        code, _, label = entry.strip().partition(",")
        out.append((code.strip(), label.strip() or code.strip()))
    return out


def typed_read(raw):
    dictionary = project["dictionary"]
    missing = [c.split(",")[0].strip() for c in project["info"].get("missing_data_codes", "").split("|") if c.strip()]
    dtype, dates, booleans, categories, commas = {}, [], [], {}, []
    forms = []
    for f in dictionary:
        name, kind, v = f["field_name"], f["field_type"], f["text_validation_type_or_show_slider_number"]
        if f["form_name"] not in forms:
            forms.append(f["form_name"])
        if kind == "checkbox":
            for code, _ in choices(f["select_choices_or_calculations"]):
                col = f"{name}___" + "".join(c if c.isalnum() or c == "_" else "_" for c in code.lower())
                dtype[col] = "Int8"
                booleans.append(col)
        elif kind in ("yesno", "truefalse"):
            dtype[name] = "Int8"
            booleans.append(name)
        elif kind in ("radio", "dropdown"):
            dtype[name] = "string"
            categories[name] = choices(f["select_choices_or_calculations"])
        elif v.startswith("date"):
            dtype[name] = "string"
            dates.append((name, "%Y-%m-%d %H:%M:%S" if "seconds" in v else "%Y-%m-%d %H:%M" if v.startswith("datetime") else "%Y-%m-%d"))
        elif "comma_decimal" in v:
            dtype[name] = "string"
            commas.append(name)
        elif v in ("integer",) or kind == "slider":
            dtype[name] = "Int64"
        elif v.startswith("number") or kind == "calc":
            dtype[name] = "float64"
        else:
            dtype[name] = "string"
    for form in forms:
        dtype[f"{form}_complete"] = "string"
        categories[f"{form}_complete"] = [("0", "Incomplete"), ("1", "Unverified"), ("2", "Complete")]
    # Blank cells and the project's missing-data codes are NA; nothing else is (no "NA" guessing).
    df = pd.read_csv(io.BytesIO(raw), dtype=dtype, na_values=missing + [""], keep_default_na=False)
    for name, fmt in dates:
        df[name] = pd.to_datetime(df[name], format=fmt, errors="coerce")
    for name in booleans:
        df[name] = df[name].astype("boolean")
    for name in commas:
        df[name] = pd.to_numeric(df[name].str.replace(",", ".", regex=False), errors="coerce")
    for name, opts in categories.items():
        labels = dict(opts)
        df[name] = pd.Categorical(df[name].map(labels), categories=list(dict.fromkeys(labels.values())))
    return df


c0 = time.process_time()
t0 = time.perf_counter()
df = pd.read_csv(io.BytesIO(data)) if mode == "untyped" else typed_read(data)
ms = (time.perf_counter() - t0) * 1000
cpu_ms = (time.process_time() - c0) * 1000
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"name": f"pandas-{mode}", "ms": round(ms), "cpuMs": round(cpu_ms), "maxRssMiB": round(rss), "rows": len(df), "columns": len(df.columns)}))
