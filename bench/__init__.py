"""`make bench`: grading latency and throughput on this machine, printed as figures."""
