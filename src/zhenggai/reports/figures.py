"""The report figures now live in zhenggai.ledger.figures (one definition for every page); re-exported here."""

from zhenggai.ledger.figures import *  # noqa: F401,F403
from zhenggai.ledger.figures import (  # noqa: F401
    COMPLETED,
    LONG_TERM,
    PARSED_STATUS,
    SETTLED,
    Figures,
    MeasureFact,
    ProblemStatus,
    completion_rate,
    count,
    problem_status,
    wan,
)
