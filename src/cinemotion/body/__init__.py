"""Skeleton, proportions, kinematics, retargeting and BVH io."""

from cinemotion.body.skeleton import (
    BONES, JOINTS, N_JOINTS, PARENTS, Body, J, forward_kinematics, global_rotations, make_body,
)

__all__ = ["BONES", "JOINTS", "N_JOINTS", "PARENTS", "Body", "J", "forward_kinematics",
           "global_rotations", "make_body", "read_bvh", "retarget"]


def __getattr__(name: str):
    # BVH io and retargeting pull in motion/quality modules; load them on first use to keep imports acyclic
    if name == "read_bvh":
        from cinemotion.body.bvh import read_bvh
        return read_bvh
    if name == "retarget":
        from cinemotion.body.retarget import retarget
        return retarget
    raise AttributeError(name)
