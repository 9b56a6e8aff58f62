"""Skeleton, proportions, kinematics, retargeting and BVH io."""

from cinemotion.body.skeleton import (
    BONES, JOINTS, N_JOINTS, PARENTS, Body, J, forward_kinematics, global_rotations, make_body,
)

__all__ = ["BONES", "JOINTS", "N_JOINTS", "PARENTS", "Body", "J", "forward_kinematics",
           "global_rotations", "make_body"]
