import sys
from pathlib import Path

from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))

# ``pytest --hypothesis-profile=stress`` tries many more inputs on the property
# tests that do not set their own budget.
settings.register_profile("stress", max_examples=20_000, deadline=None)
