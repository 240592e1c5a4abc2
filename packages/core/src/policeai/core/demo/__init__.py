"""Demonstration data: a demo force, one user per role and a set of realistic cases."""

from policeai.core.demo.loader import DEMO_FORCE, DemoResult, DemoUser, load_demo

__all__ = ["DEMO_FORCE", "DemoResult", "DemoUser", "load_demo"]
