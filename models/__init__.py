"""The style engine: Johnson et al.'s fast style-transfer network and its helpers.

`models.catalogue` and `models.images` are light (json, Pillow, numpy) and safe to
import in the web process; `models.checkpoint` and `models.canvas` (numpy only),
`models.network` (the architecture), `models.phases` (its one fast kernel),
`models.strips` (large photos), `models.hardware` (precision, threads) and
`models.engine` need TensorFlow or belong to workers and the command line.
Nothing here imports TensorFlow.
"""

__all__ = ["catalogue", "images", "checkpoint", "network", "engine"]
