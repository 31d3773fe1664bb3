import gc
import sys

from .cli import main

if "serve" not in sys.argv[1:]:
    # This process ends when its command is done (all but a preview, which stays):
    # its objects (hundreds of thousands for a large project, not in cycles) are freed
    # as it goes or at its end, and each pass of the cycle collector over them cost a
    # quarter of a second.
    gc.disable()
sys.exit(main())
