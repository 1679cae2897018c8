"""One module per `slac` subcommand, each with `run(args) -> int`."""
