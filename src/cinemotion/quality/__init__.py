"""Quality metrics of motion (gait, contacts, plausibility) and the qa.json report."""

from cinemotion.quality.contacts import detect_contacts
from cinemotion.quality.gait import foot_skating_ratio, measure_gait
from cinemotion.quality.report import report, report_from_dir

__all__ = ["detect_contacts", "foot_skating_ratio", "measure_gait", "report", "report_from_dir"]
