import sys

from jq_console.cli import main

sys.exit(main())
