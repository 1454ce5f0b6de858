"""Shared test set-up.

No fixture resets the rules between tests: ``kg --rules DIR`` makes its :class:`~kg.rules.RuleSet`
active only while the command runs, and everything derived from rules is cached on the rule
set, so nothing leaks from one test into the next.
"""
