"""HTML views for cases, one module per concept. Logic lives in services and selectors."""
