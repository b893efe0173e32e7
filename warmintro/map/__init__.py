"""The map: where each person is drawn, organisation colours, and SVG, PNG and HTML drawings."""
