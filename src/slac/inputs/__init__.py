"""What users give slac besides policies: instants, ticket events, outages (docs/formats.md)."""
