"""Alignment of parallel texts: sentence and clause beads (`beads`), their scorers
(`similarity`, `semantic`), the Text+Berg ladder format (`ladder`) and evaluation (`scoring`)."""
