"""``python -m tests.fakeserver --port 0 --log FILE [--require-key KEY] [--models a,b]``."""

from tests.fakeserver.server import main

if __name__ == "__main__":
    raise SystemExit(main())
