"""Automatic risk assessment of consulters' messages (DESIGN §4).

Usage::

    from services.triage.risk import RiskAssessor
    assessor = RiskAssessor.default()      # rules, tokenizer and learned model, loaded once
    a = assessor.assess(text, recent=(...))
    a.level, a.reasons, a.language, a.uncertain, a.alternative
    assessor.assess_case([(text, at), ...])  # the case's level from her last messages with times

The rules are YAML files under ``rules/`` that a supervisor can read and extend; the learned
model is ``model/risk_model.json``, rebuilt by ``training.py``; see ``docs/risk.md``. Nothing in
this package logs or prints message text.
"""

from services.triage.risk.assessor import RiskAssessor
from services.triage.risk.levels import Assessment, Reason, RiskLevel
from services.triage.risk.policy import combine_case_level

__all__ = ["Assessment", "Reason", "RiskAssessor", "RiskLevel", "combine_case_level"]
