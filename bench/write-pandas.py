"""The PyCap user's write path on the frames benchmark: the typed pandas
frame (read as bench/frames-pandas.py reads it, not timed) written back
with DataFrame.to_csv, which is what PyCap's import_records sends. No
validation at all.

    python3 bench/write-pandas.py <dir>

Prints one JSON line: {name, ms, cpuMs, maxRssMiB, rows, columns, bytes}.
"""
import contextlib
import importlib.util
import io
import json
import os
import resource
import sys
import time

folder = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))

# The typed read of the frames benchmark, reused: it reads its arguments and prints a line when loaded.
sys.argv = [sys.argv[0], "typed", folder]
spec = importlib.util.spec_from_file_location("frames_pandas", os.path.join(here, "frames-pandas.py"))
frames_pandas = importlib.util.module_from_spec(spec)
with contextlib.redirect_stdout(io.StringIO()):
    spec.loader.exec_module(frames_pandas)
df = frames_pandas.df

c0 = time.process_time()
t0 = time.perf_counter()
data = df.to_csv(index=False).encode("utf-8")
ms = (time.perf_counter() - t0) * 1000
cpu_ms = (time.process_time() - c0) * 1000
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"name": "pandas-to_csv", "ms": round(ms), "cpuMs": round(cpu_ms), "maxRssMiB": round(rss),
                  "rows": int(df.shape[0]), "columns": int(df.shape[1]), "bytes": len(data)}))
