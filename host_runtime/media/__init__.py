"""Media: the one clock of a show, the ffmpeg encoder, playout and the outputs it feeds."""
