"""Questions asked of a network: who is who, who both know, who matches, who opens doors."""
