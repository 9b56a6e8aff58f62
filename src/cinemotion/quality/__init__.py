"""Quality metrics of motion (gait, contacts, plausibility) and the qa.json report."""

from cinemotion.body.contacts import detect_contacts
from cinemotion.quality.gait import foot_skating_ratio, measure_gait
from cinemotion.quality.report import report, report_from_dir
from cinemotion.quality.video import camera_motion_summary, flicker, projected_height_fraction, shot_video_report

__all__ = ["camera_motion_summary", "detect_contacts", "flicker", "foot_skating_ratio", "measure_gait",
           "projected_height_fraction", "report", "report_from_dir", "shot_video_report"]
