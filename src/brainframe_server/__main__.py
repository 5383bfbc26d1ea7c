from brainframe_server.cli import main

raise SystemExit(main())
