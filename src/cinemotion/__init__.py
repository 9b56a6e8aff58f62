"""cinemotion: motion prompts to video."""

__version__ = "0.1.0"
