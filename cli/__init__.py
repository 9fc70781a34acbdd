"""tradekg.cli: click commands only — parse, call the library, format, exit."""
