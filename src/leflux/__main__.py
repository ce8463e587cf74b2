from leflux.cli import main

raise SystemExit(main())
