"""Tests of workbench.synth (a package, so module names like test_rings stay unique)."""
