from learnact_engine.cli import main

raise SystemExit(main())
