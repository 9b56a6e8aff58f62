"""The skinned human body: the shipped hm08 asset, its shape, skinning and face units."""
