"""The machine a benchmark ran on, for its report: timings hold for that machine only. Shared by
the benchmarks' Python scripts (imported from their own directory)."""
import os


def cpu_model():
    """The CPU's model name from /proc/cpuinfo, or "?" where it says none (or is not there)."""
    try:
        with open("/proc/cpuinfo") as f:
            return next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    except OSError:
        return "?"


def describe():
    """"N cores (MODEL)", for a report's heading."""
    return "%d cores (%s)" % (os.cpu_count() or 0, cpu_model())
