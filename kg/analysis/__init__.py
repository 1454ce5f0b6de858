"""Analysis of the corpus graph: money flows, cycles, exposure, dated currency rates."""
