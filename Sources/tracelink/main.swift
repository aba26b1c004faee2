print("tracelink")
