"""The persona manager: walks the rundown, triages comments, decides what is said next."""
