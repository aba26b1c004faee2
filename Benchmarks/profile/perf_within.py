"""Within samples whose stack contains PATTERN: share (of all samples) by leaf symbol and by the first frame
matching an optional second pattern. Usage: perf_within.py PATTERN [GROUP_PATTERN] < perf-script.txt"""
import re, sys
from collections import Counter
pattern = re.compile(sys.argv[1])
group = re.compile(sys.argv[2]) if len(sys.argv) > 2 else None
leaf, groups, total, inside = Counter(), Counter(), 0, 0
stack = []
def sym(frame):
    return re.sub(r"\+0x[0-9a-f]+ \(.*$", "", frame.split(None, 1)[-1])[:110]
def flush():
    global total, inside
    if not stack: return
    total += 1
    if any(pattern.search(f) for f in stack):
        inside += 1
        leaf[sym(stack[0])] += 1
        if group:
            hit = next((sym(f) for f in stack if group.search(f)), "(none)")
            groups[hit] += 1
for line in sys.stdin:
    if not line.strip(): flush(); stack = []
    elif line.startswith(("\t", " ")): stack.append(line.strip())
flush()
print(f"{100*inside/total:.1f}% of {total} samples contain /{sys.argv[1]}/")
if group:
    print("-- by first frame matching", sys.argv[2])
    for k, c in groups.most_common(15): print(f"{100*c/total:6.1f}%  {k}")
print("-- by leaf")
for k, c in leaf.most_common(15): print(f"{100*c/total:6.1f}%  {k}")
