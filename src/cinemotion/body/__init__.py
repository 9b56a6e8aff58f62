"""The human body: skeleton, proportions, kinematics, gait figures, foot contacts and BVH reading."""

from cinemotion.body.skeleton import (
    BONES, JOINTS, N_JOINTS, PARENTS, Body, J, forward_kinematics, global_rotations, make_body,
)

__all__ = ["BONES", "JOINTS", "N_JOINTS", "PARENTS", "Body", "J", "forward_kinematics",
           "global_rotations", "make_body"]
