"""From raw article files to evidenced graph deltas: decode → clean → segment → language →
mentions → resolve → relations, assembled in ``pipeline``."""
