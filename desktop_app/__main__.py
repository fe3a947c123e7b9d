"""``python -m desktop_app`` starts the app (same as ``afarensis-chat``)."""

import sys

from desktop_app.cli import main

sys.exit(main())
