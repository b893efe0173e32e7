"""The network for other tools: GraphML, GEXF, DOT, CSV and JSON, and as a networkx graph."""
