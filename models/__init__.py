"""The style engine: Johnson et al.'s fast style-transfer network and its helpers.

`models.catalogue` and `models.images` are light (json, Pillow, numpy) and safe to
import in the web process; `models.checkpoint`, `models.network` and
`models.engine` need TensorFlow (numpy only for `checkpoint`) and belong to
workers and the command line. Nothing here imports TensorFlow.
"""

__all__ = ["catalogue", "images", "checkpoint", "network", "engine"]
